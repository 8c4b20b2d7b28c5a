//! Projects: a scheme, a domain, dates, codes and texts, and their rows in all three files.

use std::fmt::{self, Write as _};

use rand::Rng;

use super::SynthError;
use super::generator::Generator;
use super::output::{Amount, Date, Outputs, SNAPSHOT, put};
use super::programme::Spec;
use super::shape::Scheme;
use super::tables::DomainCodes;
use super::tables::{DOMAINS, EUROSCIVOC, SUBJECTS, TITLES};
use super::texts::About;

/// When a project runs, and how far it has got at the snapshot.
struct Dates {
    start: Date,
    end: Date,
    signed: Date,
    status: &'static str,
    /// The year of its call.
    call_year: u32,
}

impl Generator {
    pub(super) fn project(&mut self, out: &mut Outputs) -> Result<(), SynthError> {
        let spec = self.programme.spec();
        let scheme = &spec.schemes[self.weighted(spec.schemes.iter().map(|s| s.weight))];
        let domain_index = match scheme.domain {
            Some(d) => d,
            None => self.weighted(DOMAINS.iter().map(|d| d.weight)),
        };
        let (domain, codes) = (&DOMAINS[domain_index], &spec.domains[domain_index]);
        let subject = self.pick(&SUBJECTS[domain_index]);
        let (id, rcn) = self.project_ids(spec);
        let dates = self.dates(spec, scheme);
        self.consortium(scheme);
        let acronym = self.acronym();
        let updated = format!(
            "{}-{:02}-{:02} {:02}:00:00",
            2022 + self.rng.random_range(0..3),
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28),
            self.rng.random_range(0..24),
        );
        self.organisation_rows(out, id, &acronym, &updated)?;

        let mut title = String::new();
        let template = self.pick(&TITLES);
        let about = About {
            subject,
            acronym: &acronym,
            partners: self.members.len(),
            countries: self.member_countries(),
        };
        self.sentence(&mut title, template, &about);
        let [legal, topic, call, sub_call] = self.call_codes(scheme, codes, dates.call_year);
        self.objective(&about);
        let doi = format!("10.3030/{id}");
        let (comma, framework) = (self.comma, spec.framework);
        let ec_max: u64 = self.members.iter().filter_map(|m| m.ec).sum();
        let total_cost: u64 = self.members.iter().filter_map(|m| m.cost).sum();
        let mut row = std::mem::take(&mut self.project_row);
        let fields: [&dyn fmt::Display; 20] = [
            &id,
            &acronym,
            &dates.status,
            &title,
            &dates.start,
            &dates.end,
            &Amount {
                cents: Some(total_cost),
                comma,
            },
            &Amount {
                cents: Some(ec_max),
                comma,
            },
            &legal,
            &topic,
            &dates.signed,
            &framework,
            &call,
            &sub_call,
            &scheme.code,
            &"",
            &self.text,
            &updated,
            &rcn,
            &doi,
        ];
        for (field, value) in row.iter_mut().zip(fields) {
            put(field, value);
        }
        self.write_project(out, &mut row, (dates.start, dates.end))?;
        self.project_row = row;
        self.fields_of_science(out, id, &domain.fields)
    }

    /// The next grant id (sometimes after a gap) and record number.
    fn project_ids(&mut self, spec: &Spec) -> (u32, u32) {
        let id = self.next_project_id;
        let gap = if self.rng.random_bool(0.3) {
            self.rng.random_range(1..6)
        } else {
            0
        };
        self.next_project_id += (1 + gap) * spec.id_spread;
        let rcn = self.next_project_rcn;
        self.next_project_rcn += 1 + self.rng.random_range(0..3);
        (id, rcn)
    }

    fn dates(&mut self, spec: &Spec, scheme: &Scheme) -> Dates {
        let start = Date {
            year: self
                .rng
                .random_range(spec.start_years.0..=spec.start_years.1),
            month: self.rng.random_range(1..=12),
            day: if self.rng.random_bool(0.7) {
                1
            } else {
                self.rng.random_range(1..=28)
            },
        };
        let months = self.rng.random_range(scheme.months.0..=scheme.months.1);
        let end = start.plus_months(months as i32).previous_day();
        let signed = start.plus_months(-self.rng.random_range(1..=5));
        let status = if self.rng.random_bool(0.01) {
            "TERMINATED"
        } else if end < SNAPSHOT {
            "CLOSED"
        } else {
            "SIGNED"
        };
        let call_year = (start.year - 1).clamp(spec.call_years.0, spec.call_years.1);
        Dates {
            start,
            end,
            signed,
            status,
            call_year,
        }
    }

    /// How many countries the consortium comes from.
    fn member_countries(&self) -> usize {
        let mut codes: Vec<&str> = self
            .members
            .iter()
            .map(|m| self.orgs[m.org as usize].country.code)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes.len()
    }

    /// The legal basis, topic, call and sub-call, from the scheme's templates.
    fn call_codes(&mut self, scheme: &Scheme, codes: &DomainCodes, call_year: u32) -> [String; 4] {
        let mut texts: [String; 4] = Default::default();
        let templates = [scheme.legal, scheme.topic, scheme.call, scheme.sub_call];
        for (text, template) in texts.iter_mut().zip(templates) {
            self.expand(text, template, |g, var, out| match var {
                "L" => out.push_str(codes.legal),
                "C" => out.push_str(codes.call),
                "T" => out.push_str(codes.topic),
                "Y" => write!(out, "{call_year}").expect("formatting into a String cannot fail"),
                "Z" => {
                    write!(out, "{}", call_year + 1).expect("formatting into a String cannot fail")
                }
                "N" => write!(out, "{:02}", g.rng.random_range(1..=20))
                    .expect("formatting into a String cannot fail"),
                "n" => write!(out, "{}", g.rng.random_range(1..=5))
                    .expect("formatting into a String cannot fail"),
                _ => unreachable!("unknown call placeholder {var}"),
            });
        }
        texts
    }

    /// Fields of science: 1–3, mostly from the domain.
    fn fields_of_science(
        &mut self,
        out: &mut Outputs,
        id: u32,
        domain_fields: &[usize],
    ) -> Result<(), SynthError> {
        let count = 1 + self.weighted([50, 35, 15].into_iter());
        let mut chosen: Vec<usize> = Vec::with_capacity(count);
        while chosen.len() < count {
            let field = if self.rng.random_bool(0.9) {
                domain_fields[self.below(domain_fields.len())]
            } else {
                self.below(EUROSCIVOC.len())
            };
            if !chosen.contains(&field) {
                chosen.push(field);
            }
        }
        for field in chosen {
            let path = EUROSCIVOC[field];
            out.euro_sci_voc
                .show(id)
                .show(EuroSciVocCode(path))
                .text(path)
                .text(path.rsplit('/').next().expect("non-empty path"))
                .text("");
            out.euro_sci_voc.end()?;
        }
        Ok(())
    }
}

/// `/27/115/463`-style code: one number per path segment, stable across runs (FNV-1a).
pub(super) struct EuroSciVocCode(&'static str);

impl fmt::Display for EuroSciVocCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in self.0.split('/').skip(1) {
            let hash = segment.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            write!(f, "/{}", 1 + hash % 999)?;
        }
        Ok(())
    }
}
