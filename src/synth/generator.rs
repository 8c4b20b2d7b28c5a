//! The generator's state and its draws: every random choice goes through these helpers, in a
//! fixed order, so that the files are a pure function of the options.

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::consortium::Participation;
use super::organisations::{FitnessPool, Org};
use super::output::{CsvFile, EUROSCIVOC_COLUMNS, Outputs, org, project};
use super::quirks::Quirks;
use super::shape::Money;
use super::tables::{CODAS, ONSETS, VOWELS};
use super::{Programme, SynthError, SynthOptions};

#[derive(Clone)]
pub(super) struct Generator {
    pub(super) rng: ChaCha8Rng,
    pub(super) programme: Programme,
    pub(super) comma: bool,
    /// With `--quirks`: the release's quirk injector.
    pub(super) quirks: Option<Quirks>,
    /// Per organisation: written to this release.
    pub(super) used: Vec<bool>,
    pub(super) orgs: Vec<Org>,
    /// Ring of the latest collaborative consortia, coordinator first.
    pub(super) recent: Vec<Vec<u32>>,
    pub(super) recent_next: usize,
    pub(super) pools: [FitnessPool; 6],
    pub(super) pics: HashSet<u32>,
    pub(super) names: HashSet<String>,
    pub(super) acronyms: HashSet<String>,
    pub(super) next_project_id: u32,
    pub(super) next_project_rcn: u32,
    /// Reused per project.
    pub(super) members: Vec<Participation>,
    pub(super) text: String,
    pub(super) project_row: Vec<String>,
    pub(super) org_row: Vec<String>,
}

impl Generator {
    pub(super) fn new(options: &SynthOptions, programme: Programme) -> Self {
        let spec = programme.spec();
        let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
        rng.set_stream(spec.stream);
        Self {
            rng,
            programme,
            comma: options.decimal_comma,
            quirks: None,
            used: Vec::new(),
            orgs: Vec::new(),
            recent: Vec::new(),
            recent_next: 0,
            pools: Default::default(),
            pics: HashSet::new(),
            names: HashSet::new(),
            acronyms: HashSet::new(),
            next_project_id: spec.first_id,
            next_project_rcn: 190_000,
            members: Vec::new(),
            text: String::new(),
            project_row: vec![String::new(); project::COLUMNS.len()],
            org_row: vec![String::new(); org::COLUMNS.len()],
        }
    }

    /// A generator for `programme` that starts from this one's organisations and consortia,
    /// with its own random stream, ids and record numbers.
    pub(super) fn fork(&self, programme: Programme, seed: u64) -> Self {
        let spec = programme.spec();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(spec.stream);
        Self {
            rng,
            programme,
            quirks: None,
            used: Vec::new(),
            // Grant ids and rcns never collide across programmes: FP7 record numbers are
            // older than H2020's, Horizon's newer.
            next_project_id: spec.first_id.max(self.next_project_id + 10_000),
            next_project_rcn: match programme {
                Programme::Fp7 => 85_000,
                _ => self.next_project_rcn + 1_000,
            },
            ..self.clone()
        }
    }

    /// Generates `projects` projects without keeping them: only their organisations and
    /// consortia, for a fork.
    pub(super) fn discard(&mut self, projects: u32) -> Result<(), SynthError> {
        let mut out = Outputs {
            project: CsvFile::discard(&project::COLUMNS)?,
            organization: CsvFile::discard(&org::COLUMNS)?,
            euro_sci_voc: CsvFile::discard(&EUROSCIVOC_COLUMNS)?,
        };
        for _ in 0..projects {
            self.project(&mut out)?;
        }
        Ok(())
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        // u32 keeps draws identical on 32- and 64-bit targets.
        self.rng.random_range(0..n as u32) as usize
    }

    pub(super) fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    pub(super) fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize {
        let total: u32 = weights.clone().sum();
        let mut target = self.rng.random_range(0..total);
        for (i, w) in weights.enumerate() {
            if target < w {
                return i;
            }
            target -= w;
        }
        unreachable!("target below the total weight")
    }

    /// Uniform in (0, 1], safe for [`ln`].
    pub(super) fn unit(&mut self) -> f64 {
        1.0 - self.rng.random::<f64>()
    }

    /// Standard normal by Marsaglia's polar method (no trigonometry, so no libm).
    pub(super) fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.rng.random::<f64>() - 1.0;
            let v = 2.0 * self.rng.random::<f64>() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }

    /// Pareto with minimum 1 and index `alpha`.
    pub(super) fn pareto(&mut self, alpha: f64) -> f64 {
        exp(-ln(self.unit()) / alpha)
    }

    pub(super) fn euros(&mut self, money: &Money) -> u64 {
        let euros = match *money {
            Money::Fixed(e) => return e * 100,
            Money::Uniform(lo, hi) => self.rng.random_range(lo..=hi),
            Money::LogNormal(median, sigma) => {
                let z = self.normal().clamp(-3.0, 3.0);
                (median * exp(sigma * z)).round() as u64
            }
        };
        // Most grant amounts are whole euros; some carry cents.
        let cents = if self.rng.random_bool(0.3) {
            self.rng.random_range(1..100)
        } else {
            0
        };
        euros * 100 + cents
    }

    pub(super) fn word(&mut self, out: &mut String, syllables: usize) {
        for _ in 0..syllables {
            out.push_str(self.pick(ONSETS));
            out.push_str(self.pick(VOWELS));
            out.push_str(self.pick(CODAS));
        }
    }

    /// Expands `{X}` placeholders; `var` writes the value of one.
    pub(super) fn expand(
        &mut self,
        out: &mut String,
        template: &str,
        mut var: impl FnMut(&mut Self, &str, &mut String),
    ) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("closed placeholder");
            var(self, &rest[open + 1..close], out);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
    }

    pub(super) fn pattern(&mut self, out: &mut String, pattern: &str) {
        for c in pattern.chars() {
            match c {
                '9' => out.push(char::from(b'0' + self.rng.random_range(0..10u8))),
                '1' => out.push(char::from(b'0' + self.rng.random_range(1..10u8))),
                'A' => out.push(char::from(b'A' + self.rng.random_range(0..26u8))),
                _ => out.push(c),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Platform-independent maths: only IEEE basic operations, which are exactly rounded everywhere.

pub(super) fn ln(x: f64) -> f64 {
    debug_assert!(x.is_normal() && x > 0.0);
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        exponent += 1;
    }
    // ln m = 2 atanh s with |s| < 0.18: twelve terms are exact to double precision.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let (mut term, mut sum) = (s, 0.0);
    for k in 0..12 {
        sum += term / f64::from(2 * k + 1);
        term *= s2;
    }
    2.0 * sum + exponent as f64 * std::f64::consts::LN_2
}

pub(super) fn exp(x: f64) -> f64 {
    debug_assert!(x.abs() < 700.0);
    let k = (x * std::f64::consts::LOG2_E).round();
    let r = x - k * std::f64::consts::LN_2;
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..=17 {
        term *= r / f64::from(n);
        sum += term;
    }
    sum * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_ln_and_exp_are_accurate() {
        for x in [1e-9, 0.001, 0.5, 1.0, 2.0, 7.25, 1e6] {
            assert!(
                (ln(x) - x.ln()).abs() <= 1e-14 * x.ln().abs().max(1.0),
                "ln {x}"
            );
        }
        for x in [-30.0, -1.0, -0.1, 0.0, 0.3, 1.0, 5.5, 40.0] {
            assert!((exp(x) - x.exp()).abs() <= 1e-14 * x.exp(), "exp {x}");
        }
    }
}
