//! The `serve` options for rate limits and the proof of work. Every limit is `COUNT/WINDOW`
//! with a window in s, m, h or d, such as `10/1h`, counted per fixed window in the database.

use clap::Args;

use app::server::abuse::{AbuseSettings, Limit};
use app::domain::pow::MAX_DIFFICULTY;

#[derive(Args)]
pub struct AbuseArgs {
    /// Complaints with a valid proof of work per client IP address.
    #[arg(long, env = "APPELLO_LIMIT_COMPLAINTS_PER_IP", default_value = "10/1h")]
    limit_complaints_per_ip: Limit,
    /// Complaints without a proof of work (JavaScript off) per client IP address.
    #[arg(long, env = "APPELLO_LIMIT_COMPLAINTS_WITHOUT_POW", default_value = "3/1h")]
    limit_complaints_without_pow: Limit,
    /// Complaints per widget key, from all addresses together.
    #[arg(long, env = "APPELLO_LIMIT_COMPLAINTS_PER_WIDGET_KEY", default_value = "1000/1d")]
    limit_complaints_per_widget_key: Limit,
    /// Posts to /status (lookups, replies to requests, withdrawals) per client IP address.
    #[arg(long, env = "APPELLO_LIMIT_STATUS_PER_IP", default_value = "30/10m")]
    limit_status_per_ip: Limit,
    /// REST API requests per secret key.
    #[arg(long, env = "APPELLO_LIMIT_API_PER_KEY", default_value = "600/1m")]
    limit_api_per_key: Limit,
    /// Leading zero bits of SHA-256 that the complaint form's proof of work must reach, 0 to 32.
    /// Each bit doubles the browser's average work; 16 bits are about 65,000 hashes.
    #[arg(long, env = "APPELLO_POW_DIFFICULTY", default_value_t = app::server::abuse::DEFAULT_POW_DIFFICULTY,
        value_parser = clap::value_parser!(u8).range(0..=MAX_DIFFICULTY as i64))]
    pow_difficulty: u8,
}

impl AbuseArgs {
    pub fn settings(&self) -> AbuseSettings {
        AbuseSettings {
            complaints_per_ip: self.limit_complaints_per_ip,
            complaints_per_ip_without_pow: self.limit_complaints_without_pow,
            complaints_per_widget_key: self.limit_complaints_per_widget_key,
            status_per_ip: self.limit_status_per_ip,
            api_per_key: self.limit_api_per_key,
            pow_difficulty: self.pow_difficulty,
            ..AbuseSettings::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        abuse: AbuseArgs,
    }

    #[test]
    fn option_defaults_match_settings() {
        let parsed = Wrapper::try_parse_from(["appello"]).expect("the defaults parse");
        assert_eq!(parsed.abuse.settings(), AbuseSettings::default());
    }

    #[test]
    fn limit_option_parses() {
        let parsed = Wrapper::try_parse_from(["appello", "--limit-status-per-ip", "2/1m"]).expect("a valid limit");
        assert_eq!(parsed.abuse.settings().status_per_ip, Limit::new(2, 60));
    }
}
