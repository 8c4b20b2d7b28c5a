//! Consortia: their size, members, roles and money, and the follow-ups of earlier consortia.

use rand::Rng;

use super::generator::Generator;
use super::shape::{
    FOLLOW_UP, Family, KEEP_PARTNER, MAX_CONSORTIUM, Money, POOLS, Pool, RECENT_CONSORTIA, Scheme,
    Size, pool_weights,
};
use crate::model::Role;

#[derive(Clone)]
pub(super) struct Participation {
    pub(super) org: u32,
    pub(super) role: Role,
    pub(super) ec: Option<u64>,
    pub(super) net: Option<u64>,
    pub(super) cost: Option<u64>,
    pub(super) ended: bool,
}

impl Generator {
    pub(super) fn consortium_size(&mut self, size: &Size) -> u32 {
        match *size {
            Size::Single {
                extra_pct,
                extra_max,
            } => {
                if self.rng.random_range(0..100) < extra_pct {
                    1 + self.rng.random_range(1..=extra_max)
                } else {
                    1
                }
            }
            Size::Range(lo, hi) => self.rng.random_range(lo..=hi),
            Size::Tail { min, scale, alpha } => loop {
                let k = min + (scale * (self.pareto(alpha) - 1.0)) as u32;
                if k <= MAX_CONSORTIUM {
                    break k;
                }
            },
        }
    }

    /// The role in this programme: drawn as in H2020, then renamed where the programme
    /// uses other codes.
    pub(super) fn role(&mut self, scheme: &Scheme, org: u32) -> Role {
        let role = self.h2020_role(scheme, org);
        self.programme.spec().role(role)
    }

    pub(super) fn h2020_role(&mut self, scheme: &Scheme, org: u32) -> Role {
        if !self.orgs[org as usize].country.eligible && self.rng.random_bool(0.6) {
            return Role::InternationalPartner;
        }
        // Global fellowships: the host abroad is a partner.
        if scheme.code.ends_with("-GF") {
            return Role::Partner;
        }
        let partner = if scheme.family == Family::MscaNetwork {
            350
        } else {
            20
        };
        match self.rng.random_range(0..1000) {
            0..100 => Role::ThirdParty,
            100..115 => Role::AssociatedPartner,
            r if r < 115 + partner => Role::Partner,
            _ => Role::Participant,
        }
    }

    /// Chooses the consortium into `self.members`, with contributions and costs.
    pub(super) fn consortium(&mut self, scheme: &Scheme) {
        self.members.clear();
        let size = self.consortium_size(&scheme.size);
        let family = scheme.family;
        let lead_money = matches!(family, Family::Collab | Family::MscaNetwork);
        let collaborative = lead_money && size >= 3;
        let earlier = if collaborative && !self.recent.is_empty() && self.rng.random_bool(FOLLOW_UP)
        {
            let pick = self.below(self.recent.len());
            self.recent[pick].clone()
        } else {
            Vec::new()
        };
        let mut kept = earlier.iter().copied();
        for order in 1..=size {
            let coordinator = order == 1;
            let again = if coordinator || self.rng.random_bool(KEEP_PARTNER) {
                kept.by_ref()
                    .find(|&org| !self.members.iter().any(|m| m.org == org))
            } else {
                None
            };
            let org = match again {
                Some(org) => org,
                None => {
                    let pool = POOLS[self.weighted(pool_weights(family, coordinator).into_iter())];
                    self.draw_org(pool, coordinator)
                }
            };
            let pool = self.orgs[org as usize].pool;
            let role = if coordinator {
                Role::Coordinator
            } else {
                self.role(scheme, org)
            };
            let (ec, net, cost) = self.money(scheme, role, pool);
            let ended = !coordinator && self.rng.random_bool(0.01);
            self.members.push(Participation {
                org,
                role,
                ec,
                net,
                cost,
                ended,
            });
        }
        if collaborative {
            self.remember_consortium();
        }
    }

    /// A member's EC contribution, net contribution and total cost, in cents.
    fn money(
        &mut self,
        scheme: &Scheme,
        role: Role,
        pool: Pool,
    ) -> (Option<u64>, Option<u64>, Option<u64>) {
        let lead_money = matches!(scheme.family, Family::Collab | Family::MscaNetwork);
        let ec = match role {
            // Coordinators of collaborative projects manage more: twice the median.
            Role::Coordinator if lead_money => Some(2 * self.euros(&scheme.money)),
            Role::Coordinator => Some(self.euros(&scheme.money)),
            Role::Participant if lead_money => Some(self.euros(&scheme.money)),
            Role::Participant => Some(self.euros(&Money::LogNormal(150_000.0, 0.6))),
            Role::ThirdParty if self.rng.random_bool(0.3) => {
                Some(self.euros(&Money::LogNormal(60_000.0, 0.8)))
            }
            _ => None,
        };
        let net = ec.map(|ec| {
            if self.rng.random_bool(0.1) {
                ec * self.rng.random_range(850..1000u64) / 1000
            } else {
                ec
            }
        });
        let company = pool == Pool::PrcSme || pool == Pool::PrcLarge;
        let cost = match ec {
            Some(ec) if company && scheme.prc_rate < 100 => {
                Some((ec * 100).div_ceil(scheme.prc_rate))
            }
            Some(ec) => Some(ec * self.rng.random_range(1000..1250u64) / 1000),
            None if role == Role::ThirdParty && self.rng.random_bool(0.5) => {
                Some(self.euros(&Money::LogNormal(40_000.0, 0.8)))
            }
            None => None,
        };
        (ec, net, cost)
    }

    /// Keeps the consortium just chosen among the latest, for follow-ups.
    fn remember_consortium(&mut self) {
        let consortium = self.members.iter().map(|m| m.org).collect();
        if self.recent.len() < RECENT_CONSORTIA {
            self.recent.push(consortium);
        } else {
            self.recent[self.recent_next] = consortium;
        }
        self.recent_next = (self.recent_next + 1) % RECENT_CONSORTIA;
    }
}
