//! Directory files: the bodies and services that complaints are addressed to, in TOML.
//!
//! ```toml
//! [[body]]
//! code = "mvd"                # lowercase Latin letters, digits and dashes
//! level = "federal"           # federal, regional or municipal
//! parent = "..."              # optional: the code of the superior body
//! name_ru = "Министерство внутренних дел Российской Федерации"
//! name_en = "Ministry of Internal Affairs of the Russian Federation"
//! short_ru = "МВД России"
//! short_en = "Russian Interior Ministry"
//!
//! [[body.service]]
//! code = "mvd-passport"
//! name_ru = "Выдача и замена паспорта гражданина Российской Федерации"
//! name_en = "Issue and replacement of the Russian internal passport"
//! ```

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::store::{ImportCounts, OrgImport, ServiceImport, Store, StoreError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    body: Vec<BodyEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyEntry {
    code: String,
    level: String,
    parent: Option<String>,
    name_ru: String,
    name_en: String,
    short_ru: String,
    short_en: String,
    #[serde(default)]
    service: Vec<ServiceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceEntry {
    code: String,
    name_ru: String,
    name_en: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("the directory file is not valid TOML of the expected form: {0}")]
    Syntax(String),
    #[error("body #{index}: {problem}")]
    Body { index: usize, problem: String },
    #[error("body {body:?} names parent {parent:?}, which is neither in the file nor in the database")]
    UnknownParent { body: String, parent: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

const LEVELS: [&str; 3] = ["federal", "regional", "municipal"];

/// Parses and checks a directory file without touching the database.
pub fn parse_directory(text: &str) -> Result<Vec<OrgImport>, DirectoryError> {
    let file: DirectoryFile = toml::from_str(text).map_err(|e| DirectoryError::Syntax(e.to_string()))?;
    let mut codes = HashSet::new();
    let mut orgs = Vec::with_capacity(file.body.len());

    for (position, body) in file.body.into_iter().enumerate() {
        let index = position + 1;
        let fail = |problem: String| DirectoryError::Body { index, problem };

        check_code(&body.code).map_err(|p| fail(format!("code {:?} {p}", body.code)))?;
        if !codes.insert(body.code.clone()) {
            return Err(fail(format!("code {:?} is used twice in the file", body.code)));
        }
        if !LEVELS.contains(&body.level.as_str()) {
            return Err(fail(format!("level {:?} is not one of federal, regional, municipal", body.level)));
        }
        if body.parent.as_deref() == Some(body.code.as_str()) {
            return Err(fail(format!("body {:?} names itself as its parent", body.code)));
        }
        for (name, value) in [
            ("name_ru", &body.name_ru),
            ("name_en", &body.name_en),
            ("short_ru", &body.short_ru),
            ("short_en", &body.short_en),
        ] {
            if value.trim().is_empty() {
                return Err(fail(format!("{name} of {:?} is empty", body.code)));
            }
        }

        let mut services = Vec::with_capacity(body.service.len());
        for service in body.service {
            check_code(&service.code).map_err(|p| fail(format!("service code {:?} {p}", service.code)))?;
            if !codes.insert(service.code.clone()) {
                return Err(fail(format!("code {:?} is used twice in the file", service.code)));
            }
            if service.name_ru.trim().is_empty() || service.name_en.trim().is_empty() {
                return Err(fail(format!("service {:?} has an empty name", service.code)));
            }
            services.push(ServiceImport {
                code: service.code,
                name_ru: service.name_ru.trim().to_string(),
                name_en: service.name_en.trim().to_string(),
            });
        }

        orgs.push(OrgImport {
            code: body.code,
            parent: body.parent,
            level: body.level,
            name_ru: body.name_ru.trim().to_string(),
            name_en: body.name_en.trim().to_string(),
            short_ru: body.short_ru.trim().to_string(),
            short_en: body.short_en.trim().to_string(),
            services,
        });
    }
    Ok(orgs)
}

fn check_code(code: &str) -> Result<(), &'static str> {
    let valid = !code.is_empty()
        && code.len() <= 64
        && !code.starts_with('-')
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(())
    } else {
        Err("must be 1 to 64 lowercase Latin letters, digits and dashes, not starting with a dash")
    }
}

/// Parses a directory file and applies it: bodies and services are created or updated by
/// code, and nothing is written unless the whole file is valid.
pub async fn import_directory(store: &Store, text: &str, now: DateTime<Utc>) -> Result<ImportCounts, DirectoryError> {
    let orgs = parse_directory(text)?;
    let in_file: HashSet<&str> = orgs.iter().map(|o| o.code.as_str()).collect();
    for org in &orgs {
        let Some(parent) = org.parent.as_deref().filter(|p| !in_file.contains(p)) else {
            continue;
        };
        match store.org_by_code(parent).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => {
                return Err(DirectoryError::UnknownParent { body: org.code.clone(), parent: parent.to_string() })
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(store.import_directory(&orgs, now).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_BODY: &str = r#"
[[body]]
code = "fns"
level = "federal"
name_ru = "Федеральная налоговая служба"
name_en = "Federal Tax Service"
short_ru = "ФНС России"
short_en = "Federal Tax Service"

[[body.service]]
code = "fns-inn"
name_ru = "Постановка на учёт физического лица"
name_en = "Registration of an individual taxpayer"
"#;

    #[test]
    fn parses_bodies_and_services() {
        let orgs = parse_directory(ONE_BODY).expect("valid file");
        assert_eq!(orgs.len(), 1);
        assert_eq!(orgs[0].code, "fns");
        assert_eq!(orgs[0].services[0].code, "fns-inn");
    }

    #[test]
    fn rejects_bad_files_with_the_reason() {
        let cases = [
            (ONE_BODY.replace("\"federal\"", "\"galactic\""), "level \"galactic\""),
            (ONE_BODY.replace("code = \"fns\"", "code = \"ФНС\""), "code \"ФНС\""),
            (ONE_BODY.replace("code = \"fns-inn\"", "code = \"fns\""), "used twice"),
            (ONE_BODY.replace("short_en", "short_de"), "not valid TOML"),
            (ONE_BODY.replace("name_ru = \"Федеральная налоговая служба\"", "name_ru = \" \""), "name_ru"),
        ];
        for (text, expected) in cases {
            let error = parse_directory(&text).expect_err(expected).to_string();
            assert!(error.contains(expected), "{expected:?} not in {error:?}");
        }
    }
}
