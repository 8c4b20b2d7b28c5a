//! What differs between the framework programmes' releases: CORDIS publishes FP7, H2020 and
//! Horizon Europe in one layout (same headers), but each with its own grant ids, years, legal
//! bases, funding schemes and role codes. Codes follow the published value sets; the weights
//! are rough shares of each programme's projects.

use super::{SCHEMES, Scheme};
use crate::model::Role;

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
    pub schemes: &'static [Scheme],
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
    schemes: SCHEMES,
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
    schemes: FP7_SCHEMES,
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
    schemes: HORIZON_SCHEMES,
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

/// An H2020 scheme's shape (family, consortium size, money, duration) under another code.
const fn like(
    base: usize,
    code: &'static str,
    weight: u32,
    legal: &'static str,
    topic: &'static str,
    call: &'static str,
) -> Scheme {
    let b = &SCHEMES[base];
    Scheme {
        code,
        weight,
        family: b.family,
        size: b.size,
        money: b.money,
        prc_rate: b.prc_rate,
        months: b.months,
        domain: b.domain,
        legal,
        topic,
        call,
        sub_call: call,
    }
}

// Indices into the H2020 `SCHEMES` whose shape the other programmes borrow.
const ERC_STG: usize = 0;
const ERC_COG: usize = 1;
const ERC_ADG: usize = 2;
const ERC_POC: usize = 3;
const MSCA_IF: usize = 5;
const MSCA_GF: usize = 6;
const MSCA_COFUND: usize = 8;
const MSCA_ITN: usize = 9;
const MSCA_RISE: usize = 11;
const SME_2: usize = 13;
const CS2_IA: usize = 14;
const RIA: usize = 16;
const IA: usize = 17;
const CSA: usize = 18;
const ERA_NET: usize = 19;
const IMI2: usize = 22;

/// FP7 funding schemes: collaborative projects (CP, small/medium CP-FP, large CP-IP), networks
/// of excellence, coordination and support actions, ERC grants, Marie Curie actions and
/// research for the benefit of SMEs.
static FP7_SCHEMES: &[Scheme] = &[
    like(
        ERC_STG,
        "ERC-SG",
        900,
        "FP7-IDEAS-ERC",
        "ERC-SG-PE{n}",
        "ERC-{Y}-StG",
    ),
    like(
        ERC_ADG,
        "ERC-AG",
        700,
        "FP7-IDEAS-ERC",
        "ERC-AG-LS{n}",
        "ERC-{Y}-AdG",
    ),
    like(
        ERC_COG,
        "ERC-CG",
        100,
        "FP7-IDEAS-ERC",
        "ERC-CG-SH{n}",
        "ERC-{Y}-CoG",
    ),
    like(
        ERC_POC,
        "ERC-POC",
        100,
        "FP7-IDEAS-ERC",
        "ERC-{Y}-PoC",
        "ERC-{Y}-PoC",
    ),
    like(
        MSCA_IF,
        "MC-IEF",
        1800,
        "FP7-PEOPLE",
        "FP7-PEOPLE-{Y}-IEF",
        "FP7-PEOPLE-{Y}-IEF",
    ),
    like(
        MSCA_GF,
        "MC-IOF",
        400,
        "FP7-PEOPLE",
        "FP7-PEOPLE-{Y}-IOF",
        "FP7-PEOPLE-{Y}-IOF",
    ),
    like(
        MSCA_IF,
        "MC-IIF",
        300,
        "FP7-PEOPLE",
        "FP7-PEOPLE-{Y}-IIF",
        "FP7-PEOPLE-{Y}-IIF",
    ),
    like(
        ERC_POC,
        "MC-CIG",
        1800,
        "FP7-PEOPLE",
        "FP7-PEOPLE-{Y}-CIG",
        "FP7-PEOPLE-{Y}-CIG",
    ),
    like(
        MSCA_ITN,
        "MC-ITN",
        700,
        "FP7-PEOPLE",
        "FP7-PEOPLE-{Y}-ITN",
        "FP7-PEOPLE-{Y}-ITN",
    ),
    like(
        MSCA_RISE,
        "MC-IRSES",
        500,
        "FP7-PEOPLE",
        "FP7-PEOPLE-{Y}-IRSES",
        "FP7-PEOPLE-{Y}-IRSES",
    ),
    like(
        MSCA_COFUND,
        "MC-COFUND",
        150,
        "FP7-PEOPLE",
        "FP7-PEOPLE-{Y}-COFUND",
        "FP7-PEOPLE-{Y}-COFUND",
    ),
    like(RIA, "CP", 1300, "{L}", "{T}.{Y}.{n}.{n}-{n}", "{C}-{Y}-{n}"),
    like(
        RIA,
        "CP-FP",
        900,
        "{L}",
        "{T}.{Y}.{n}.{n}-{n}",
        "{C}-{Y}-{n}",
    ),
    like(
        IA,
        "CP-IP",
        250,
        "{L}",
        "{T}.{Y}.{n}.{n}-{n}",
        "{C}-{Y}-{n}",
    ),
    like(
        CSA,
        "CSA-CA",
        400,
        "{L}",
        "{T}.{Y}.{n}.{n}-{n}",
        "{C}-{Y}-{n}",
    ),
    like(
        CSA,
        "CSA-SA",
        500,
        "{L}",
        "{T}.{Y}.{n}.{n}-{n}",
        "{C}-{Y}-{n}",
    ),
    like(
        ERA_NET,
        "NoE",
        80,
        "{L}",
        "{T}.{Y}.{n}.{n}-{n}",
        "{C}-{Y}-{n}",
    ),
    like(
        SME_2,
        "BSG-SME",
        500,
        "FP7-SME",
        "SME-{Y}-{n}",
        "FP7-SME-{Y}",
    ),
    like(
        CS2_IA,
        "JTI-CS",
        300,
        "FP7-JTI",
        "JTI-CS-{Y}-{n}-SGO-0{n}-0{n}",
        "SP1-JTI-CS-{Y}-0{n}",
    ),
    like(
        IMI2,
        "JTI-IMI",
        60,
        "FP7-JTI",
        "IMI-{Y}-0{n}",
        "IMI-JU-{Y}-0{n}",
    ),
];

/// Horizon Europe types of action, each under its own `HORIZON-…` code; ERC grants carry
/// `HORIZON-ERC`, MSCA fellowships and networks the `HORIZON-TMA-MSCA-…` codes.
static HORIZON_SCHEMES: &[Scheme] = &[
    like(
        ERC_STG,
        "HORIZON-ERC",
        1500,
        "HORIZON.1.1",
        "ERC-{Y}-STG",
        "ERC-{Y}-STG",
    ),
    like(
        ERC_COG,
        "HORIZON-ERC",
        900,
        "HORIZON.1.1",
        "ERC-{Y}-COG",
        "ERC-{Y}-COG",
    ),
    like(
        ERC_ADG,
        "HORIZON-ERC",
        700,
        "HORIZON.1.1",
        "ERC-{Y}-ADG",
        "ERC-{Y}-ADG",
    ),
    like(
        ERC_POC,
        "HORIZON-ERC-POC",
        500,
        "HORIZON.1.1",
        "ERC-{Y}-POC",
        "ERC-{Y}-POC",
    ),
    like(
        MSCA_IF,
        "HORIZON-TMA-MSCA-PF-EF",
        2000,
        "HORIZON.1.2",
        "HORIZON-MSCA-{Y}-PF-01-01",
        "HORIZON-MSCA-{Y}-PF-01",
    ),
    like(
        MSCA_GF,
        "HORIZON-TMA-MSCA-PF-GF",
        300,
        "HORIZON.1.2",
        "HORIZON-MSCA-{Y}-PF-01-01",
        "HORIZON-MSCA-{Y}-PF-01",
    ),
    like(
        MSCA_ITN,
        "HORIZON-TMA-MSCA-DN",
        350,
        "HORIZON.1.2",
        "HORIZON-MSCA-{Y}-DN-01-01",
        "HORIZON-MSCA-{Y}-DN-01",
    ),
    like(
        MSCA_RISE,
        "HORIZON-TMA-MSCA-SE",
        200,
        "HORIZON.1.2",
        "HORIZON-MSCA-{Y}-SE-01-01",
        "HORIZON-MSCA-{Y}-SE-01",
    ),
    like(
        MSCA_COFUND,
        "HORIZON-TMA-MSCA-Cofund-D",
        60,
        "HORIZON.1.2",
        "HORIZON-MSCA-{Y}-COFUND-01-01",
        "HORIZON-MSCA-{Y}-COFUND-01",
    ),
    like(
        SME_2,
        "HORIZON-EIC-ACC-BF",
        600,
        "HORIZON.3.1",
        "HORIZON-EIC-{Y}-ACCELERATOR-01",
        "HORIZON-EIC-{Y}-ACCELERATOR-01",
    ),
    like(
        RIA,
        "HORIZON-EIC",
        250,
        "{L}",
        "{C}-{Y}-{T}-01-0{n}",
        "{C}-{Y}-{T}-01",
    ),
    like(
        RIA,
        "HORIZON-RIA",
        1300,
        "{L}",
        "{C}-{Y}-{T}-0{n}-{N}",
        "{C}-{Y}-{T}-0{n}",
    ),
    like(
        IA,
        "HORIZON-IA",
        550,
        "{L}",
        "{C}-{Y}-{T}-0{n}-{N}",
        "{C}-{Y}-{T}-0{n}",
    ),
    like(
        CSA,
        "HORIZON-CSA",
        700,
        "{L}",
        "{C}-{Y}-{T}-0{n}-{N}",
        "{C}-{Y}-{T}-0{n}",
    ),
    like(
        RIA,
        "HORIZON-AG-LS",
        100,
        "{L}",
        "{C}-{Y}-{T}-0{n}-{N}",
        "{C}-{Y}-{T}-0{n}",
    ),
    like(
        IMI2,
        "HORIZON-JU-RIA",
        200,
        "HORIZON.2.1",
        "HORIZON-JU-IHI-{Y}-0{n}-0{n}",
        "HORIZON-JU-IHI-{Y}-0{n}-two-stage",
    ),
    like(
        ERA_NET,
        "HORIZON-COFUND",
        50,
        "{L}",
        "{C}-{Y}-{T}-0{n}-{N}",
        "{C}-{Y}-{T}-0{n}",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrowed_shapes_point_at_the_intended_h2020_schemes() {
        for (index, code) in [
            (ERC_STG, "ERC-STG"),
            (ERC_COG, "ERC-COG"),
            (ERC_ADG, "ERC-ADG"),
            (ERC_POC, "ERC-POC"),
            (MSCA_IF, "MSCA-IF-EF-ST"),
            (MSCA_GF, "MSCA-IF-GF"),
            (MSCA_COFUND, "MSCA-COFUND-FP"),
            (MSCA_ITN, "MSCA-ITN-ETN"),
            (MSCA_RISE, "MSCA-RISE"),
            (SME_2, "SME-2"),
            (CS2_IA, "CS2-IA"),
            (RIA, "RIA"),
            (IA, "IA"),
            (CSA, "CSA"),
            (ERA_NET, "ERA-NET-Cofund"),
            (IMI2, "IMI2-RIA"),
        ] {
            assert_eq!(SCHEMES[index].code, code);
        }
    }

    #[test]
    fn every_programme_names_its_domains_and_schemes() {
        for programme in Programme::ALL {
            let spec = programme.spec();
            assert_eq!(spec.domains.len(), super::super::DOMAINS.len());
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
