//! Writing a project's rows, with the quirks of real exports injected and logged when asked for.

use std::fmt;

use super::SynthError;
use super::consortium::Participation;
use super::generator::Generator;
use super::organisations::Org;
use super::output::{Amount, Date, Outputs, org, project, put};
use super::quirks::{Extra, Note, Quirks};

impl Generator {
    /// Writes the consortium's `organization.csv` rows, with quirks if asked for.
    pub(super) fn organisation_rows(
        &mut self,
        out: &mut Outputs,
        id: u32,
        acronym: &str,
        updated: &str,
    ) -> Result<(), SynthError> {
        let comma = self.comma;
        let mut row = std::mem::take(&mut self.org_row);
        let mut second_roles = Vec::new();
        for (order, m) in self.members.iter().enumerate() {
            let org = &self.orgs[m.org as usize];
            put_org_row(&mut row, org, m, order, (id, acronym, updated), comma);
            if self.used.len() <= m.org as usize {
                self.used.resize(self.orgs.len(), false);
            }
            self.used[m.org as usize] = true;
            let Some(quirks) = self.quirks.as_mut() else {
                out.organization.row(&row)?;
                continue;
            };
            let (notes, second) = quirks.organisation(&mut row);
            let at = out.organization.next_at();
            out.organization.row(&row)?;
            let pic = org.pic.to_string();
            quirks.log("organization.csv", at, (&id.to_string(), &pic), notes, None);
            if let Some(second) = second {
                second_roles.push((second, at.0, pic));
            }
        }
        // A second role is listed after the consortium, with the next order numbers.
        let mut order = self.members.len();
        for (mut second, first_record, pic) in second_roles {
            order += 1;
            put(&mut second.row[org::ORDER], &order);
            let at = out.organization.next_at();
            out.organization.row(&second.row)?;
            let quirks = self.quirks.as_mut().expect("second roles come from quirks");
            let ids = (id.to_string(), pic);
            quirks.log(
                "organization.csv",
                at,
                (&ids.0, &ids.1),
                second.notes,
                Some(first_record),
            );
        }
        self.org_row = row;
        Ok(())
    }

    /// Writes a `project.csv` row (its start and end dates given as dates), with quirks if asked
    /// for: an amended record of the same grant goes just before or after it.
    pub(super) fn write_project(
        &mut self,
        out: &mut Outputs,
        row: &mut [String],
        dates: (Date, Date),
    ) -> Result<(), SynthError> {
        let Some(quirks) = self.quirks.as_mut() else {
            return out.project.row(row);
        };
        let (notes, amended) = quirks.project(row, dates);
        let id = row[project::ID].clone();
        let log = |quirks: &mut Quirks, at, notes: Vec<Note>, related| {
            quirks.log("project.csv", at, (&id, ""), notes, related);
        };
        match amended {
            None => {
                let at = out.project.next_at();
                out.project.row(row)?;
                log(quirks, at, notes, None);
            }
            Some(Extra {
                row: newer,
                notes: newer_notes,
                before,
            }) => {
                let (first, second) = if before {
                    ((&newer[..], newer_notes), (&*row, notes))
                } else {
                    ((&*row, notes), (&newer[..], newer_notes))
                };
                let first_at = out.project.next_at();
                out.project.row(first.0)?;
                let second_at = out.project.next_at();
                out.project.row(second.0)?;
                // The amended record points at the older one.
                let (first_related, second_related) = if before {
                    (Some(second_at.0), None)
                } else {
                    (None, Some(first_at.0))
                };
                log(quirks, first_at, first.1, first_related);
                log(quirks, second_at, second.1, second_related);
            }
        }
        Ok(())
    }
}

/// Fills an `organization.csv` row: the organisation, its place in the consortium (`order`
/// from 0) and its money, in the project `(id, acronym, content update date)`.
fn put_org_row(
    row: &mut [String],
    org: &Org,
    m: &Participation,
    order: usize,
    (id, acronym, updated): (u32, &str, &str),
    comma: bool,
) {
    let contact = format!(
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/contact-form/PROJECT/{}/{id}",
        org.pic
    );
    let fields: [&dyn fmt::Display; 25] = [
        &id,
        &acronym,
        &org.pic,
        &org.vat,
        &org.name,
        &org.short_name,
        &if org.sme { "true" } else { "false" },
        &org.pool.activity(),
        &org.street,
        &org.post_code,
        &org.city.name,
        &org.country.code,
        &org.nuts,
        &org.geolocation,
        &org.url,
        &contact,
        &updated,
        &org.rcn,
        &(order + 1),
        &m.role.code(),
        &Amount { cents: m.ec, comma },
        &Amount {
            cents: m.net,
            comma,
        },
        &Amount {
            cents: m.cost,
            comma,
        },
        &if m.ended { "true" } else { "false" },
        &if m.ended { "false" } else { "true" },
    ];
    for (field, value) in row.iter_mut().zip(fields) {
        put(field, value);
    }
}
