//! The two languages people read Interleave in; the core words its texts in either.

/// The interface language: English or Simplified Chinese.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Picks the string for this language: `lang.t("Run", "运行")`.
    pub fn t(self, en: &'static str, zh: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The language a `navigator.language` value asks for: Chinese for `zh*`, else English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The code stored in localStorage and put on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Words put together as this language spaces them. English puts a space between every
    /// two words; Chinese writes its own words together and spaces only where Chinese meets a
    /// Latin name or number (`在事件循环上运行`, `在线程 t1 上运行`).
    pub fn words(self, parts: &[&str]) -> String {
        let mut out = String::new();
        for part in parts.iter().filter(|p| !p.is_empty()) {
            let spaced = match (self, out.chars().last(), part.chars().next()) {
                (_, None, _) | (_, _, None) => false,
                (Lang::En, _, _) => true,
                (Lang::Zh, Some(a), Some(b)) => !(is_cjk(a) && is_cjk(b)),
            };
            if spaced {
                out.push(' ');
            }
            out.push_str(part);
        }
        out
    }
}

/// True for a Chinese character or full-width punctuation, which Chinese text sets without spaces.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn chinese_words_are_spaced_only_where_they_meet_latin_names() {
        assert_eq!(
            Lang::Zh.words(&["在", "事件循环", "上运行"]),
            "在事件循环上运行"
        );
        assert_eq!(
            Lang::Zh.words(&["在", "线程 t1", "上运行"]),
            "在线程 t1 上运行"
        );
        assert_eq!(Lang::Zh.words(&["t1", "x"]), "t1 x");
        assert_eq!(
            Lang::En.words(&["running on", "event loop"]),
            "running on event loop"
        );
    }
}
