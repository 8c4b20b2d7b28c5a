//! What differs between the framework programmes' releases: CORDIS publishes FP7, H2020 and
//! Horizon Europe in one layout (same headers), but each with its own grant ids, years, legal
//! bases, funding schemes and role codes. Codes follow the published value sets; the weights
//! are rough shares of each programme's projects.

use super::shape::Scheme;
use super::tables::{FP7_SCHEMES, HORIZON_SCHEMES, SCHEMES};
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

/// The codes a thematic domain (index into `DOMAINS`) takes in one programme.
pub(super) struct DomainCodes {
    pub legal: &'static str,
    pub call: &'static str,
    pub topic: &'static str,
}

const fn codes(legal: &'static str, call: &'static str, topic: &'static str) -> DomainCodes {
    DomainCodes { legal, call, topic }
}

pub(super) struct Spec {
    pub framework: &'static str,
    pub schemes: &'static LazyLock<Vec<Scheme>>,
    /// In `DOMAINS` order.
    pub domains: &'static [DomainCodes; 11],
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
    domains: &[
        codes("H2020-EU.3.1.", "SC1", "SC1-BHC"),
        codes("H2020-EU.2.1.1.", "ICT", "ICT"),
        codes("H2020-EU.3.3.", "LC-SC3", "LC-SC3-RES"),
        codes("H2020-EU.3.5.", "SC5", "SC5"),
        codes("H2020-EU.3.4.", "MG", "MG"),
        codes("H2020-EU.3.2.", "SFS", "SFS"),
        codes("H2020-EU.3.6.", "SC6", "TRANSFORMATIONS"),
        codes("H2020-EU.2.1.6.", "SPACE", "SPACE"),
        codes("H2020-EU.2.1.3.", "NMBP", "NMBP"),
        codes("H2020-EU.3.7.", "SU", "SU-DRS"),
        codes("H2020-EU.1.2.", "FETOPEN", "FETOPEN"),
    ],
    start_years: (2014, 2021),
    call_years: (2014, 2020),
    stream: 0,
    first_id: 100_000,
    id_spread: 1,
};

static FP7: Spec = Spec {
    framework: "FP7",
    schemes: &FP7_SCHEMES,
    domains: &[
        codes("FP7-HEALTH", "FP7-HEALTH", "HEALTH"),
        codes("FP7-ICT", "FP7-ICT", "ICT"),
        codes("FP7-ENERGY", "FP7-ENERGY", "ENERGY"),
        codes("FP7-ENVIRONMENT", "FP7-ENV", "ENV"),
        codes("FP7-TRANSPORT", "FP7-TRANSPORT", "SST"),
        codes("FP7-KBBE", "FP7-KBBE", "KBBE"),
        codes("FP7-SSH", "FP7-SSH", "SSH"),
        codes("FP7-SPACE", "FP7-SPACE", "SPA"),
        codes("FP7-NMP", "FP7-NMP", "NMP"),
        codes("FP7-SECURITY", "FP7-SEC", "SEC"),
        codes("FP7-ICT", "FP7-ICT", "ICT"),
    ],
    start_years: (2008, 2015),
    call_years: (2007, 2013),
    stream: 7,
    first_id: 200_000,
    id_spread: 8,
};

static HORIZON: Spec = Spec {
    framework: "HORIZON",
    schemes: &HORIZON_SCHEMES,
    domains: &[
        codes("HORIZON.2.1", "HORIZON-HLTH", "DISEASE"),
        codes("HORIZON.2.4", "HORIZON-CL4", "DIGITAL-EMERGING"),
        codes("HORIZON.2.5", "HORIZON-CL5", "D3"),
        codes("HORIZON.2.6", "HORIZON-CL6", "ZEROPOLLUTION"),
        codes("HORIZON.2.5", "HORIZON-CL5", "D6"),
        codes("HORIZON.2.6", "HORIZON-CL6", "FARM2FORK"),
        codes("HORIZON.2.2", "HORIZON-CL2", "TRANSFORMATIONS"),
        codes("HORIZON.2.4", "HORIZON-CL4", "SPACE"),
        codes("HORIZON.2.4", "HORIZON-CL4", "TWIN-TRANSITION"),
        codes("HORIZON.2.3", "HORIZON-CL3", "DRS"),
        codes("HORIZON.3.1", "HORIZON-EIC", "PATHFINDEROPEN"),
    ],
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
