//! The shape of the output: organisation pools, funding schemes and the tuned constants.

// The shape constants below (pool chances and fitness, scheme weights and sizes, follow-ups) were
// tuned together against the H2020 targets at 35,000 projects: after changing one, re-run the
// ignored `m_workload_matches_h2020` test.

/// Organisation pools: participants are drawn per pool, so each kind of grant draws the kinds of
/// organisation that really take part in it (SME instrument: SMEs; ERC: universities).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Pool {
    Hes,
    Rec,
    PrcSme,
    PrcLarge,
    Pub,
    Oth,
}

pub(super) const POOLS: [Pool; 6] = [
    Pool::Hes,
    Pool::Rec,
    Pool::PrcSme,
    Pool::PrcLarge,
    Pool::Pub,
    Pool::Oth,
];

impl Pool {
    pub(super) fn activity(self) -> &'static str {
        match self {
            Pool::Hes => "HES",
            Pool::Rec => "REC",
            Pool::PrcSme | Pool::PrcLarge => "PRC",
            Pool::Pub => "PUB",
            Pool::Oth => "OTH",
        }
    }

    /// Index into [`NAME_TEMPLATES`] rows.
    pub(super) fn kind(self) -> usize {
        match self {
            Pool::Hes => 0,
            Pool::Rec => 1,
            Pool::PrcSme | Pool::PrcLarge => 2,
            Pool::Pub => 3,
            Pool::Oth => 4,
        }
    }

    /// Chance that a draw from this pool founds a new organisation: sets how many distinct
    /// organisations there are (few universities, many one-off SMEs).
    pub(super) fn p_new(self) -> f64 {
        match self {
            Pool::Hes => 0.057,
            Pool::Rec => 0.113,
            Pool::PrcSme => 0.505,
            Pool::PrcLarge => 0.25,
            Pool::Pub => 0.25,
            Pool::Oth => 0.29,
        }
    }

    /// Pareto index of the organisations' fitness: lower means bigger hubs.
    pub(super) fn fitness_alpha(self) -> f64 {
        match self {
            Pool::Hes => 0.9,
            Pool::Rec => 0.85,
            Pool::PrcSme => 1.2,
            Pool::PrcLarge => 1.0,
            Pool::Pub => 1.1,
            Pool::Oth => 1.0,
        }
    }

    /// Share of the pool's organisations flagged as SMEs.
    pub(super) fn sme_share(self) -> f64 {
        match self {
            Pool::PrcSme => 1.0,
            Pool::Rec => 0.03,
            Pool::Oth => 0.12,
            Pool::Hes | Pool::PrcLarge | Pool::Pub => 0.0,
        }
    }
}

/// Fitness is integer so the pools' Fenwick sums are exact; this is the smallest fitness.
pub(super) const FITNESS_UNIT: f64 = 100.0;
/// Largest fitness, 1,000 times the smallest: keeps the biggest hubs near the ~2,000
/// participations of the largest real participants at 35,000 projects.
pub(super) const FITNESS_CAP: f64 = 100_000.0;
/// A newcomer gets at most this share of its pool's fitness, so the first organisations drawn
/// do not snowball into hubs just by being early.
pub(super) const HUB_SHARE: f64 = 0.2;
/// Share of organisations that take part once and are almost never drawn again (fitness 1), as
/// most real participants do.
pub(super) const ONE_OFF: f64 = 0.3;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Family {
    Erc,
    /// Individual fellowships and COFUND: one host.
    MscaFellow,
    /// ITN and RISE networks: many beneficiaries plus unfunded partners.
    MscaNetwork,
    Sme,
    /// Collaborative projects: RIA, IA, CSA and the joint undertakings.
    Collab,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Size {
    /// One beneficiary; `extra_pct` percent of projects have 1..=`extra_max` more.
    Single {
        extra_pct: u32,
        extra_max: u32,
    },
    Range(u32, u32),
    /// `min` plus a Lomax (Pareto II) draw: heavy-tailed like real consortia.
    Tail {
        min: u32,
        scale: f64,
        alpha: f64,
    },
}

/// EC contribution of one beneficiary, in euros.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Money {
    Fixed(u64),
    Uniform(u64, u64),
    LogNormal(f64, f64),
}

impl Family {
    pub(super) fn named(name: &str) -> Self {
        match name {
            "Erc" => Family::Erc,
            "MscaFellow" => Family::MscaFellow,
            "MscaNetwork" => Family::MscaNetwork,
            "Sme" => Family::Sme,
            "Collab" => Family::Collab,
            _ => panic!("unknown scheme family {name:?} in a table"),
        }
    }
}

/// The space-separated numbers after a table field's first word.
fn numbers<T: std::str::FromStr, const N: usize>(field: &str) -> [T; N] {
    let parsed: Vec<T> = (field.split(' ').skip(1))
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("a number, not {n:?}, in {field:?}"))
        })
        .collect();
    parsed
        .try_into()
        .unwrap_or_else(|_| panic!("{N} numbers in {field:?}"))
}

impl Size {
    /// `single extra_pct extra_max`, `range min max` or `tail min scale alpha`.
    pub(super) fn parsed(field: &str) -> Self {
        match field.split(' ').next() {
            Some("single") => {
                let [extra_pct, extra_max] = numbers(field);
                Size::Single {
                    extra_pct,
                    extra_max,
                }
            }
            Some("range") => {
                let [min, max] = numbers(field);
                Size::Range(min, max)
            }
            Some("tail") => {
                let [min, scale, alpha] = numbers::<f64, 3>(field);
                Size::Tail {
                    min: min as u32,
                    scale,
                    alpha,
                }
            }
            _ => panic!("unknown consortium size {field:?} in a table"),
        }
    }
}

impl Money {
    /// `fixed euros`, `uniform low high` or `lognormal median sigma`.
    pub(super) fn parsed(field: &str) -> Self {
        match field.split(' ').next() {
            Some("fixed") => {
                let [euros] = numbers(field);
                Money::Fixed(euros)
            }
            Some("uniform") => {
                let [low, high] = numbers(field);
                Money::Uniform(low, high)
            }
            Some("lognormal") => {
                let [median, sigma] = numbers(field);
                Money::LogNormal(median, sigma)
            }
            _ => panic!("unknown amount {field:?} in a table"),
        }
    }
}

pub(super) struct Scheme {
    pub(super) code: &'static str,
    /// Projects per 10,000.
    pub(super) weight: u32,
    pub(super) family: Family,
    pub(super) size: Size,
    pub(super) money: Money,
    /// Funding rate for companies, in percent: totalCost = contribution / rate.
    pub(super) prc_rate: u64,
    pub(super) months: (u32, u32),
    pub(super) domain: Option<usize>,
    /// `{L}` the domain's legal basis, `{C}` its call, `{T}` its topic stem, `{Y}`/`{Z}` the call
    /// year and the next, `{N}` 01–20, `{n}` 1–5.
    pub(super) legal: &'static str,
    pub(super) topic: &'static str,
    pub(super) call: &'static str,
    pub(super) sub_call: &'static str,
}

/// Chance that a collaborative project follows up an earlier one: same coordinator, and each
/// further beneficiary is one of the earlier partners with [`KEEP_PARTNER`] chance. Real
/// consortia re-form, which the co-participation network shows as repeated pairs.
pub(super) const FOLLOW_UP: f64 = 0.5;
pub(super) const KEEP_PARTNER: f64 = 0.65;
/// How many of the latest collaborative consortia a follow-up may continue.
pub(super) const RECENT_CONSORTIA: usize = 4096;

/// Largest consortium; draws above it are redrawn.
pub(super) const MAX_CONSORTIUM: u32 = 200;

/// Pool weights (per mille, in [`POOLS`] order) for a beneficiary of `family`.
pub(super) fn pool_weights(family: Family, coordinator: bool) -> [u32; 6] {
    match (family, coordinator) {
        (Family::Erc, _) => [620, 340, 0, 10, 10, 20],
        (Family::MscaFellow, true) => [650, 290, 20, 20, 5, 15],
        (Family::MscaFellow, false) => [600, 200, 50, 100, 0, 50],
        (Family::MscaNetwork, true) => [800, 150, 0, 30, 0, 20],
        (Family::MscaNetwork, false) => [420, 170, 130, 210, 10, 60],
        (Family::Sme, true) => [0, 0, 1000, 0, 0, 0],
        (Family::Sme, false) => [50, 50, 700, 150, 0, 50],
        (Family::Collab, true) => [300, 360, 140, 100, 40, 60],
        (Family::Collab, false) => [170, 250, 210, 190, 100, 80],
    }
}
