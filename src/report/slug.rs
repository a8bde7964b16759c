//! File names for pages: lowercase ASCII letters, digits and hyphens, safe
//! on Linux, macOS and Windows, never leaving their folder, and unique even
//! when two names reduce to the same slug.

use std::collections::HashSet;

/// Hands out unique slugs within one folder. Feed names in a fixed order
/// (sorted) so the same input always gets the same file names.
#[derive(Debug, Default)]
pub struct Slugger {
    taken: HashSet<String>,
}

impl Slugger {
    pub fn slug(&mut self, name: &str) -> String {
        let base = slugify(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

const MAX_LEN: usize = 60;

pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let piece: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            _ => transliterate(c).unwrap_or("-"),
        };
        out.push_str(piece);
    }
    let mut slug = String::new();
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if slug.len() + part.len() + 1 > MAX_LEN && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug.truncate(MAX_LEN);
    if slug.is_empty() {
        slug.push('x');
    }
    if RESERVED.contains(&slug.as_str()) {
        slug.push('-');
        slug.push('x');
    }
    slug
}

/// Russian Cyrillic and common Latin accents to ASCII.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_readable() {
        assert_eq!(slugify("Ava Abbott"), "ava-abbott");
        assert_eq!(slugify("Иван Петров"), "ivan-petrov");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("a/b\\c"), "a-b-c");
        assert_eq!(slugify("CON"), "con-x");
        assert_eq!(slugify("..."), "x");
        assert_eq!(slugify("José Müller"), "jose-muller");
        assert!(slugify(&"long name ".repeat(500)).len() <= MAX_LEN);
    }

    #[test]
    fn colliding_names_get_distinct_slugs() {
        let mut s = Slugger::default();
        assert_eq!(s.slug("Ann Lee"), "ann-lee");
        assert_eq!(s.slug("ann lee"), "ann-lee-2");
        assert_eq!(s.slug("Ann  Lee!"), "ann-lee-3");
    }
}
