//! What differs between the framework programmes' releases: CORDIS publishes FP7, H2020 and
//! Horizon Europe in one layout (same headers), but each with its own grant ids, years, legal
//! bases, funding schemes and role codes. Codes follow the published value sets; the weights
//! are rough shares of each programme's projects.

use super::shape::Scheme;
use super::tables::{
    DomainCodes, FP7_DOMAINS, FP7_SCHEMES, H2020_DOMAINS, HORIZON_DOMAINS, HORIZON_SCHEMES, SCHEMES,
};
use crate::model::Role;
use std::sync::LazyLock;

/// A framework programme CORDIS publishes a release for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Programme {
    Fp7,
    H2020,
    Horizon,
}

impl Programme {
    pub const ALL: [Programme; 3] = [Programme::Fp7, Programme::H2020, Programme::Horizon];

    /// The `frameworkProgramme` value.
    pub fn code(self) -> &'static str {
        self.spec().framework
    }

    /// Folder name under `--programme all`.
    pub fn folder(self) -> &'static str {
        match self {
            Programme::Fp7 => "fp7",
            Programme::H2020 => "h2020",
            Programme::Horizon => "horizon",
        }
    }

    /// Projects of this programme per 81 of all three: the real releases hold ~26,000 FP7,
    /// ~35,000 H2020 and (so far) ~20,000 Horizon Europe projects.
    pub(super) fn share(self) -> u64 {
        match self {
            Programme::Fp7 => 26,
            Programme::H2020 => 35,
            Programme::Horizon => 20,
        }
    }

    pub(super) fn spec(self) -> &'static Spec {
        match self {
            Programme::Fp7 => &FP7,
            Programme::H2020 => &H2020,
            Programme::Horizon => &HORIZON,
        }
    }
}

pub(super) struct Spec {
    pub framework: &'static str,
    pub schemes: &'static LazyLock<Vec<Scheme>>,
    /// In `DOMAINS` order.
    pub domains: &'static LazyLock<Vec<DomainCodes>>,
    pub start_years: (u32, u32),
    /// Calls of a project starting in year Y are from Y-1, within these bounds.
    pub call_years: (u32, u32),
    /// ChaCha stream of the programme's own draws (H2020 keeps stream 0, as before programmes).
    pub stream: u64,
    pub first_id: u32,
    /// Grant ids advance by this factor times a small gap: FP7 ids are spread more thinly.
    pub id_spread: u32,
}

impl Spec {
    /// Turns an H2020 role draw into one this programme uses: FP7 knew only coordinators and
    /// participants; Horizon Europe calls unfunded partners associated partners.
    pub fn role(&self, role: Role) -> Role {
        match (self.framework, role) {
            ("FP7", Role::Coordinator) => Role::Coordinator,
            ("FP7", _) => Role::Participant,
            ("HORIZON", Role::Partner | Role::InternationalPartner) => Role::AssociatedPartner,
            _ => role,
        }
    }
}

pub(super) static H2020: Spec = Spec {
    framework: "H2020",
    schemes: &SCHEMES,
    domains: &H2020_DOMAINS,
    start_years: (2014, 2021),
    call_years: (2014, 2020),
    stream: 0,
    first_id: 100_000,
    id_spread: 1,
};

static FP7: Spec = Spec {
    framework: "FP7",
    schemes: &FP7_SCHEMES,
    domains: &FP7_DOMAINS,
    start_years: (2008, 2015),
    call_years: (2007, 2013),
    stream: 7,
    first_id: 200_000,
    id_spread: 8,
};

static HORIZON: Spec = Spec {
    framework: "HORIZON",
    schemes: &HORIZON_SCHEMES,
    domains: &HORIZON_DOMAINS,
    start_years: (2021, 2025),
    call_years: (2021, 2024),
    stream: 9,
    first_id: 101_000_000,
    id_spread: 1,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_shapes_point_at_the_intended_h2020_schemes() {
        let bases = |text: &str| -> Vec<String> {
            (text.lines().filter(|l| !l.starts_with('#')))
                .map(|l| l.split('\t').next().unwrap().to_owned())
                .collect()
        };
        let fp7 = bases(include_str!("tables/fp7_schemes.tsv"));
        let horizon = bases(include_str!("tables/horizon_schemes.tsv"));
        let mut used: Vec<&str> = fp7.iter().chain(&horizon).map(String::as_str).collect();
        used.sort_unstable();
        used.dedup();
        assert_eq!(
            used,
            [
                "CS2-IA",
                "CSA",
                "ERA-NET-Cofund",
                "ERC-ADG",
                "ERC-COG",
                "ERC-POC",
                "ERC-STG",
                "IA",
                "IMI2-RIA",
                "MSCA-COFUND-FP",
                "MSCA-IF-EF-ST",
                "MSCA-IF-GF",
                "MSCA-ITN-ETN",
                "MSCA-RISE",
                "RIA",
                "SME-2",
            ]
        );
        for (borrowed, bases) in [(&*FP7_SCHEMES, &fp7), (&*HORIZON_SCHEMES, &horizon)] {
            for (scheme, base) in borrowed.iter().zip(bases) {
                let b = SCHEMES.iter().find(|s| s.code == base).unwrap();
                assert_eq!(
                    (scheme.family, scheme.size, scheme.money, scheme.months),
                    (b.family, b.size, b.money, b.months),
                    "{}",
                    scheme.code
                );
                assert_eq!((scheme.prc_rate, scheme.domain), (b.prc_rate, b.domain));
            }
        }
    }

    #[test]
    fn every_programme_names_its_domains_and_schemes() {
        for programme in Programme::ALL {
            let spec = programme.spec();
            assert_eq!(spec.domains.len(), super::super::tables::DOMAINS.len());
            assert!(spec.schemes.iter().all(|s| s.weight > 0));
            let prefix = match programme {
                Programme::Fp7 => "FP7-",
                Programme::H2020 => "H2020-EU.",
                Programme::Horizon => "HORIZON.",
            };
            assert!(spec.domains.iter().all(|d| d.legal.starts_with(prefix)));
        }
    }

    #[test]
    fn roles_follow_the_programme() {
        assert_eq!(FP7.role(Role::ThirdParty), Role::Participant);
        assert_eq!(FP7.role(Role::Coordinator), Role::Coordinator);
        assert_eq!(HORIZON.role(Role::Partner), Role::AssociatedPartner);
        assert_eq!(HORIZON.role(Role::ThirdParty), Role::ThirdParty);
        for role in Role::ALL {
            assert_eq!(H2020.role(role), role);
        }
    }
}

#[cfg(test)]
mod release_tests {
    use std::collections::{HashMap, HashSet};

    use super::super::testing::{generate, read_csv};
    use super::super::{Programmes, SynthOptions};
    use super::*;

    /// Each folder of `--programme all` carries its programme's ids, years, codes and roles.
    #[test]
    fn each_release_keeps_to_its_programme_values() {
        let (_tmp, dir, summary) = generate(SynthOptions {
            programmes: Programmes::All,
            ..SynthOptions::new(3_240, 8)
        });
        let sizes: Vec<_> = summary
            .releases
            .iter()
            .map(|r| (r.programme, r.projects))
            .collect();
        assert_eq!(
            sizes,
            [
                (Programme::Fp7, 1_040),
                (Programme::H2020, 1_400),
                (Programme::Horizon, 800)
            ]
        );
        let mut identities: HashMap<String, (String, String)> = HashMap::new();
        let mut pics: HashMap<Programme, HashSet<String>> = HashMap::new();
        for programme in Programme::ALL {
            let spec = programme.spec();
            let folder = dir.join(programme.folder());
            let (_, projects, _) = read_csv(&folder.join("project.csv"));
            assert_eq!(
                projects.len(),
                summary
                    .releases
                    .iter()
                    .find(|r| r.programme == programme)
                    .unwrap()
                    .projects as usize
            );
            let ids = match programme {
                Programme::Fp7 => 200_000..620_000,
                Programme::H2020 => 100_000..200_000,
                Programme::Horizon => 101_000_000..102_000_000,
            };
            let schemes: HashSet<_> = spec.schemes.iter().map(|s| s.code).collect();
            for row in &projects {
                let id: u32 = row[0].parse().unwrap();
                assert!(ids.contains(&id), "{programme:?} id {id}");
                let year: u32 = row[4][..4].parse().unwrap();
                assert!(
                    (spec.start_years.0..=spec.start_years.1).contains(&year),
                    "{row:?}"
                );
                assert_eq!(row[11], spec.framework);
                assert!(schemes.contains(row[14].as_str()), "{row:?}");
                let legal = match programme {
                    Programme::Fp7 => "FP7-",
                    Programme::H2020 => "H2020-EU.",
                    Programme::Horizon => "HORIZON.",
                };
                assert!(row[8].starts_with(legal), "{row:?}");
            }
            let (_, orgs, _) = read_csv(&folder.join("organization.csv"));
            let roles: HashSet<_> = orgs.iter().map(|r| r[19].as_str()).collect();
            let allowed: &[&str] = match programme {
                Programme::Fp7 => &["coordinator", "participant"],
                Programme::H2020 => &[
                    "coordinator",
                    "participant",
                    "partner",
                    "thirdParty",
                    "associatedPartner",
                    "internationalPartner",
                ],
                Programme::Horizon => &[
                    "coordinator",
                    "participant",
                    "thirdParty",
                    "associatedPartner",
                ],
            };
            assert!(
                roles.iter().all(|r| allowed.contains(r)),
                "{programme:?} {roles:?}"
            );
            assert!(roles.len() >= 2);
            for row in &orgs {
                let identity = (row[4].clone(), row[11].clone());
                assert_eq!(
                    identities
                        .entry(row[2].clone())
                        .or_insert_with(|| identity.clone()),
                    &identity,
                    "a PIC is one organisation in every programme"
                );
                pics.entry(programme).or_default().insert(row[2].clone());
            }
        }
        let shared = |a, b| pics[&a].intersection(&pics[&b]).count();
        assert!(shared(Programme::Fp7, Programme::H2020) > 100);
        assert!(shared(Programme::Horizon, Programme::H2020) > 100);
        assert!(shared(Programme::Fp7, Programme::Horizon) > 50);
        let distinct: HashSet<_> = pics.values().flatten().collect();
        assert_eq!(summary.organisations as usize, distinct.len());
    }

    /// A lone FP7 or Horizon release is the one `--programme all` writes beside H2020.
    #[test]
    fn a_lone_release_equals_its_folder_under_all() {
        let (_a, all, _) = generate(SynthOptions {
            programmes: Programmes::All,
            ..SynthOptions::new(810, 5)
        });
        for (programme, projects) in [(Programme::Fp7, 260), (Programme::Horizon, 200)] {
            let (_b, alone, _) = generate(SynthOptions {
                programmes: Programmes::One(programme),
                ..SynthOptions::new(projects, 5)
            });
            for name in ["project.csv", "organization.csv", "euroSciVoc.csv"] {
                let a = std::fs::read(all.join(programme.folder()).join(name)).unwrap();
                assert!(
                    a == std::fs::read(alone.join(name)).unwrap(),
                    "{programme:?} {name}"
                );
            }
        }
    }
}
