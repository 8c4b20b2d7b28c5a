//! Organisations: drawn from pools by fitness, or founded with a made-up name, address and VAT
//! number in a weighted country.

use std::fmt::Write as _;

use rand::Rng;

use super::generator::Generator;
use super::shape::{FITNESS_CAP, FITNESS_UNIT, HUB_SHARE, ONE_OFF, Pool};
use super::tables::{COUNTRIES, City, Country, FIELDS_OF_RESEARCH, Lang, NAME_TEMPLATES, SECTORS};

#[derive(Clone)]
pub(super) struct Org {
    pub(super) pic: u32,
    pub(super) name: String,
    pub(super) short_name: String,
    pub(super) vat: String,
    pub(super) sme: bool,
    pub(super) pool: Pool,
    pub(super) street: String,
    pub(super) post_code: String,
    pub(super) country: &'static Country,
    pub(super) city: &'static City,
    pub(super) nuts: &'static str,
    pub(super) geolocation: String,
    pub(super) url: String,
    pub(super) rcn: u32,
}

/// The organisations of one pool, drawn in proportion to a fixed fitness. A Fenwick tree keeps a
/// draw O(log n) while the pool grows.
#[derive(Default, Clone)]
pub(super) struct FitnessPool {
    pub(super) orgs: Vec<u32>,
    /// 1-based Fenwick tree over the fitness of `orgs`; `tree[0]` is unused.
    pub(super) tree: Vec<u64>,
    pub(super) total: u64,
}

impl FitnessPool {
    pub(super) fn push(&mut self, org: u32, fitness: u64) {
        if self.tree.is_empty() {
            self.tree.push(0);
        }
        self.orgs.push(org);
        let i = self.orgs.len();
        let low = i & i.wrapping_neg();
        let mut sum = fitness;
        let mut j = i - 1;
        while j > i - low {
            sum += self.tree[j];
            j -= j & j.wrapping_neg();
        }
        self.tree.push(sum);
        self.total += fitness;
    }

    /// The organisation whose fitness interval contains `target` (< `total`).
    pub(super) fn find(&self, mut target: u64) -> u32 {
        let n = self.orgs.len();
        let (mut pos, mut step) = (0, n.next_power_of_two());
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= target {
                pos = next;
                target -= self.tree[next];
            }
            step >>= 1;
        }
        self.orgs[pos]
    }
}

impl Generator {
    /// Draws a beneficiary from `pool` that is not yet in the project. Coordinators come from
    /// member or associated countries.
    pub(super) fn draw_org(&mut self, pool: Pool, coordinator: bool) -> u32 {
        loop {
            let p = &self.pools[pool as usize];
            if p.orgs.is_empty() || self.rng.random_bool(pool.p_new()) {
                return self.new_org(pool, coordinator);
            }
            let org = p.find(self.rng.random_range(0..p.total));
            let taken = self.members.iter().any(|m| m.org == org);
            if !taken && (!coordinator || self.orgs[org as usize].country.eligible) {
                return org;
            }
        }
    }

    pub(super) fn new_org(&mut self, pool: Pool, eligible_only: bool) -> u32 {
        let country = loop {
            let c = &COUNTRIES[self.weighted(COUNTRIES.iter().map(|c| c.weight))];
            if c.eligible || !eligible_only {
                break c;
            }
        };
        let city = &country.cities[self.below(country.cities.len())];
        let pic = loop {
            let pic = self.rng.random_range(900_000_000..1_000_000_000);
            if self.pics.insert(pic) {
                break pic;
            }
        };
        let name = self.org_name(country, pool);
        let short_name = if self.rng.random_bool(0.2) {
            String::new()
        } else {
            name.split([' ', '-'])
                .filter_map(|w| w.trim_matches('"').chars().next())
                .filter(char::is_ascii_alphabetic)
                .collect()
        };
        let mut vat = String::new();
        if !country.vat.is_empty() && self.rng.random_bool(0.75) {
            vat.push_str(country.vat);
            self.pattern(&mut vat, "999999999");
        }
        let street = self.street(country);
        let mut post_code = String::new();
        self.pattern(&mut post_code, country.post);
        let nuts = if self.rng.random_bool(0.04) {
            ""
        } else {
            city.nuts
        };
        let lat = city.lat + (self.rng.random::<f64>() - 0.5) * 0.1;
        let lon = city.lon + (self.rng.random::<f64>() - 0.5) * 0.1;
        let url = self.url(&name, country);
        let index = u32::try_from(self.orgs.len()).expect("fewer than 2^32 organisations");
        let sme = self.rng.random_bool(pool.sme_share());
        let fitness = self.fitness(pool);
        self.orgs.push(Org {
            pic,
            name,
            short_name,
            vat,
            sme,
            pool,
            street,
            post_code,
            country,
            city,
            nuts,
            geolocation: format!("{lat:.6},{lon:.6}"),
            url,
            rcn: 1_900_000 + index * 3,
        });
        self.pools[pool as usize].push(index, fitness as u64);
        index
    }

    /// A name not yet taken, from the templates of the country's language and the pool's kind.
    fn org_name(&mut self, country: &'static Country, pool: Pool) -> String {
        loop {
            let mut name = String::new();
            let templates = &NAME_TEMPLATES[country.lang as usize][pool.kind()];
            let template = self.pick(templates);
            self.expand(&mut name, template, |g, var, out| match var {
                "W" => {
                    let syllables = 2 + usize::from(g.rng.random_bool(0.3));
                    g.word(out, syllables);
                }
                "F" => out.push_str(g.pick(&FIELDS_OF_RESEARCH)),
                "S" => out.push_str(g.pick(&SECTORS)),
                "L" => out.push_str(g.pick(&country.forms)),
                _ => unreachable!("unknown name placeholder {var}"),
            });
            if self.names.insert(name.clone()) {
                return name;
            }
        }
    }

    fn street(&mut self, country: &Country) -> String {
        let mut street = String::new();
        self.word(&mut street, 2);
        street.push_str(match country.lang {
            Lang::De => "STRASSE ",
            Lang::Nl => "STRAAT ",
            Lang::Nordic => "VAGEN ",
            _ => " ROAD ",
        });
        let number = self.rng.random_range(1..200u32);
        write!(street, "{number}").expect("formatting into a String cannot fail");
        street
    }

    /// A website for most organisations, named after the longest word of the name: most
    /// likely the made-up, distinctive one.
    fn url(&mut self, name: &str, country: &Country) -> String {
        let mut url = String::new();
        if self.rng.random_bool(0.6) {
            url.push_str("http://www.");
            let host = name
                .split(' ')
                .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
                .max_by_key(|w| w.len())
                .unwrap_or("org")
                .to_ascii_lowercase();
            write!(url, "{host}.{}", country.tld).expect("formatting into a String cannot fail");
        }
        url
    }

    /// A newcomer's fitness: 1 for a one-off, else a Pareto draw within the pool's bounds.
    fn fitness(&mut self, pool: Pool) -> f64 {
        if self.rng.random_bool(ONE_OFF) {
            1.0
        } else {
            let total = self.pools[pool as usize].total as f64;
            (FITNESS_UNIT * self.pareto(pool.fitness_alpha()))
                .min(FITNESS_CAP)
                .min((HUB_SHARE * total).max(FITNESS_UNIT))
        }
    }
}
