//! Made-up words, acronyms, titles and objectives.

use std::fmt::Write as _;

use rand::Rng;

use super::generator::Generator;
use super::tables::{
    ADJECTIVES, CONSORTIUM_SENTENCE, HEADS, METHODS, OBJECTIVES_LIST, OPENERS, SENTENCES,
};

/// What a project's texts are about.
#[derive(Clone, Copy)]
pub(super) struct About<'a> {
    pub(super) subject: &'a str,
    pub(super) acronym: &'a str,
    pub(super) partners: usize,
    pub(super) countries: usize,
}

impl Generator {
    /// A unique acronym: a made-up word, sometimes with digits or in CamelCase.
    pub(super) fn acronym(&mut self) -> String {
        loop {
            let mut acronym = String::new();
            let syllables = 1 + self.below(3);
            self.word(&mut acronym, syllables);
            match self.rng.random_range(0..10) {
                0..=1 => {
                    let n = self.rng.random_range(2..100);
                    write!(acronym, "{n}").expect("formatting into a String cannot fail");
                }
                2 => acronym.push_str("-5G"),
                3..=4 => {
                    let mut second = String::new();
                    self.word(&mut second, 1);
                    acronym = camel(&acronym) + &camel(&second);
                }
                _ => {}
            }
            if self.acronyms.insert(acronym.clone()) {
                return acronym;
            }
        }
    }

    /// Expands a title or objective sentence.
    pub(super) fn sentence(&mut self, out: &mut String, template: &str, about: &About) {
        let About {
            subject,
            acronym,
            partners,
            countries,
        } = *about;
        self.expand(out, template, |g, var, out| match var {
            "J" => out.push_str(g.pick(&ADJECTIVES)),
            "j" => out.push_str(&g.pick(&ADJECTIVES).to_lowercase()),
            "H" => out.push_str(g.pick(&HEADS)),
            "S" => out.push_str(&capitalised(subject)),
            "s" => out.push_str(subject),
            "M" => out.push_str(g.pick(&METHODS)),
            "A" => out.push_str(acronym),
            "P" => write!(out, "{partners}").expect("formatting into a String cannot fail"),
            "K" => write!(out, "{countries}").expect("formatting into a String cannot fail"),
            "n" => write!(out, "{}", g.rng.random_range(2..=9))
                .expect("formatting into a String cannot fail"),
            "W" => {
                let mut word = String::new();
                g.word(&mut word, 2);
                out.push_str(&camel(&word));
            }
            _ => unreachable!("unknown text placeholder {var}"),
        });
    }

    /// The objective into `self.text`: 4–12 sentences with paragraph breaks and sometimes a list,
    /// so that parsers meet `;`, `"` and newlines inside quoted fields.
    pub(super) fn objective(&mut self, about: &About) {
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        let opener = self.pick(&OPENERS);
        self.sentence(&mut text, opener, about);
        if about.partners > 1 {
            text.push(' ');
            self.sentence(&mut text, CONSORTIUM_SENTENCE, about);
        }
        let sentences = self.rng.random_range(4..=12);
        for _ in 0..sentences {
            if !text.ends_with('\n') {
                text.push_str(if self.rng.random_bool(0.15) {
                    "\n\n"
                } else {
                    " "
                });
            }
            let template = if self.rng.random_bool(0.05) {
                OBJECTIVES_LIST
            } else {
                self.pick(&SENTENCES)
            };
            self.sentence(&mut text, template, about);
        }
        text.truncate(text.trim_end().len());
        self.text = text;
    }
}

pub(super) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `KRAIN` → `Krain`.
pub(super) fn camel(word: &str) -> String {
    capitalised(&word.to_lowercase())
}
