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

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::store::{ImportCounts, OrgImport, OrgRow, ServiceImport, ServiceRow, Store, StoreError};

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
    #[error(
        "service {service:?} belongs to body {owner:?} in the database, but the file lists it under body {body:?}; \
         a service cannot move to another body, so list it under {owner:?} or give it a new code"
    )]
    ServiceOfOtherBody { service: String, owner: String, body: String },
    #[error("the parents of bodies would form a cycle: {}; give one of them another parent or none", .bodies.join(" → "))]
    ParentCycle {
        /// The bodies of the cycle, each followed by its parent, ending with the first again.
        bodies: Vec<String>,
    },
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
/// code. Nothing is written unless the whole file is valid. Read together with the stored
/// directory, every parent must exist, every service must stay with its body, and no parent
/// chain may loop.
pub async fn import_directory(store: &Store, text: &str, now: DateTime<Utc>) -> Result<ImportCounts, DirectoryError> {
    let orgs = parse_directory(text)?;
    store
        .import_directory(&orgs, now, |stored_orgs, stored_services| {
            check_against_stored(&orgs, stored_orgs, stored_services)
        })
        .await?
}

/// Checks the bodies of a file against the stored bodies and services.
pub fn check_against_stored(
    orgs: &[OrgImport],
    stored_orgs: &[OrgRow],
    stored_services: &[ServiceRow],
) -> Result<(), DirectoryError> {
    let code_of: HashMap<Uuid, &str> = stored_orgs.iter().map(|o| (o.id, o.code.as_str())).collect();
    let in_file: HashSet<&str> = orgs.iter().map(|o| o.code.as_str()).collect();

    for org in orgs {
        let Some(parent) = org.parent.as_deref() else {
            continue;
        };
        if !in_file.contains(parent) && !stored_orgs.iter().any(|o| o.code == parent) {
            return Err(DirectoryError::UnknownParent { body: org.code.clone(), parent: parent.to_string() });
        }
    }

    let owner_of: HashMap<&str, &str> =
        stored_services.iter().filter_map(|s| code_of.get(&s.org_id).map(|owner| (s.code.as_str(), *owner))).collect();
    for org in orgs {
        for service in &org.services {
            match owner_of.get(service.code.as_str()) {
                Some(owner) if *owner != org.code => {
                    return Err(DirectoryError::ServiceOfOtherBody {
                        service: service.code.clone(),
                        owner: owner.to_string(),
                        body: org.code.clone(),
                    })
                }
                _ => {}
            }
        }
    }

    // The parents after the import: the file's bodies replace their stored parents.
    let mut parent_of: BTreeMap<&str, &str> = BTreeMap::new();
    for org in stored_orgs {
        if let Some(parent) = org.parent_id.and_then(|id| code_of.get(&id)) {
            parent_of.insert(org.code.as_str(), parent);
        }
    }
    for org in orgs {
        match org.parent.as_deref() {
            Some(parent) => parent_of.insert(org.code.as_str(), parent),
            None => parent_of.remove(org.code.as_str()),
        };
    }
    match find_parent_cycle(&parent_of) {
        Some(cycle) => Err(DirectoryError::ParentCycle { bodies: cycle.into_iter().map(str::to_string).collect() }),
        None => Ok(()),
    }
}

/// Finds a cycle in the links from each body to its parent. Returns the cycle's bodies,
/// starting with the smallest code, each followed by its parent, and ending with the first
/// again (`a → b → a`), or `None` when every chain of parents ends.
pub fn find_parent_cycle<'a>(parent_of: &BTreeMap<&'a str, &'a str>) -> Option<Vec<&'a str>> {
    // Bodies whose chain of parents is known to end.
    let mut ends: HashSet<&str> = HashSet::new();

    for &start in parent_of.keys() {
        let mut chain: Vec<&str> = Vec::new();
        let mut current = Some(start);
        while let Some(body) = current {
            if ends.contains(body) {
                break;
            }
            if let Some(position) = chain.iter().position(|b| *b == body) {
                let mut cycle = chain.split_off(position);
                let smallest = cycle.iter().enumerate().min_by_key(|(_, b)| **b).map_or(0, |(i, _)| i);
                cycle.rotate_left(smallest);
                cycle.push(cycle[0]);
                return Some(cycle);
            }
            chain.push(body);
            current = parent_of.get(body).copied();
        }
        ends.extend(chain);
    }
    None
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
short_en = "FNS of Russia"

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

    fn parents<'a>(links: &[(&'a str, &'a str)]) -> BTreeMap<&'a str, &'a str> {
        links.iter().copied().collect()
    }

    #[test]
    fn parent_chains_that_end_have_no_cycle() {
        let links = parents(&[("mvd-moscow", "mvd"), ("mvd-moscow-north", "mvd-moscow"), ("fns-moscow", "fns")]);
        assert_eq!(find_parent_cycle(&links), None);
        assert_eq!(find_parent_cycle(&BTreeMap::new()), None, "no links at all");
    }

    #[test]
    fn parent_cycles_are_found_from_smallest_code() {
        let cases = [
            (parents(&[("b", "a"), ("a", "b")]), vec!["a", "b", "a"]),
            (parents(&[("c", "a"), ("a", "b"), ("b", "c")]), vec!["a", "b", "c", "a"]),
            (parents(&[("tail", "y"), ("y", "x"), ("x", "y"), ("root-child", "root")]), vec!["x", "y", "x"]),
            (parents(&[("self", "self")]), vec!["self", "self"]),
        ];
        for (links, expected) in cases {
            assert_eq!(find_parent_cycle(&links), Some(expected.clone()), "links {links:?}");
        }
    }

    fn stored_org(code: &str, parent_id: Option<Uuid>) -> OrgRow {
        OrgRow {
            id: Uuid::now_v7(),
            code: code.to_string(),
            parent_id,
            level: "federal".to_string(),
            name_ru: code.to_string(),
            name_en: code.to_string(),
            short_ru: code.to_string(),
            short_en: code.to_string(),
        }
    }

    fn stored_service(code: &str, org: &OrgRow) -> ServiceRow {
        ServiceRow {
            id: Uuid::now_v7(),
            org_id: org.id,
            code: code.to_string(),
            name_ru: code.to_string(),
            name_en: code.to_string(),
        }
    }

    #[test]
    fn service_of_another_stored_body_is_rejected() {
        let fns = stored_org("fns", None);
        let services = [stored_service("fns-inn", &fns)];
        let file = parse_directory(&ONE_BODY.replace("code = \"fns\"", "code = \"fns-2\"")).expect("valid file");

        let error = check_against_stored(&file, std::slice::from_ref(&fns), &services).expect_err("a moved service");
        match error {
            DirectoryError::ServiceOfOtherBody { service, owner, body } => {
                assert_eq!(service, "fns-inn", "the service");
                assert_eq!(owner, "fns", "the stored body");
                assert_eq!(body, "fns-2", "the body in the file");
            }
            other => panic!("expected ServiceOfOtherBody, got {other:?}"),
        }

        let same_body = parse_directory(ONE_BODY).expect("valid file");
        assert!(check_against_stored(&same_body, &[fns], &services).is_ok(), "an update under the same body");
    }

    #[test]
    fn parent_cycle_through_stored_body_is_rejected() {
        let fns = stored_org("fns", None);
        let fns_moscow = stored_org("fns-moscow", Some(fns.id));
        let file =
            parse_directory(&ONE_BODY.replace("level = \"federal\"", "level = \"federal\"\nparent = \"fns-moscow\""))
                .expect("valid file");

        let error = check_against_stored(&file, &[fns, fns_moscow], &[]).expect_err("a cycle");
        assert!(error.to_string().contains("fns → fns-moscow → fns"), "the cycle is named: {error}");
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
