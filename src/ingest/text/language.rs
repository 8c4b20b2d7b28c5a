//! Swedish or English, by function words.

use crate::model::Lang;
use std::collections::HashMap;
use std::sync::LazyLock;

pub(super) const SWEDISH_WORDS: &str = "och att det som är för av med till den inom på har inte ska kan samt \
    från eller vi en ett de om vid även dessa detta genom mellan";
pub(super) const ENGLISH_WORDS: &str = "the and of to is for that with are on as by we our this be it from \
    an or has have in which will their between through";

pub(super) static FUNCTION_WORDS: LazyLock<HashMap<&'static str, Lang>> = LazyLock::new(|| {
    let sv = SWEDISH_WORDS.split_whitespace().map(|w| (w, Lang::Sv));
    let en = ENGLISH_WORDS.split_whitespace().map(|w| (w, Lang::En));
    sv.chain(en).collect()
});

/// Swedish or English, by counting each language's function words; English on a tie.
pub fn detect_language(text: &str) -> Lang {
    let lower = text.to_lowercase();
    let (mut sv, mut en) = (0usize, 0usize);
    for word in lower.split(|c: char| !c.is_alphabetic()) {
        match FUNCTION_WORDS.get(word) {
            Some(Lang::Sv) => sv += 1,
            Some(Lang::En) => en += 1,
            None => {}
        }
    }
    if sv > en { Lang::Sv } else { Lang::En }
}
