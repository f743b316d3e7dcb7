//! The domain's synonyms and acronyms (FAMI = AMIF, MSNA = minori stranieri non accompagnati, ...): each group's
//! members are interchangeable in a query, whichever engine runs it.

/// Groups of interchangeable words or phrases, compared lower-cased and without accents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
}

/// Lower case without accents, split into words: how query words and synonyms are compared.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold).collect::<String>().to_lowercase())
        .collect()
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' => 'u',
        other => other,
    }
}

const DEFAULT: &[&[&str]] = &[
    &["fami", "amif", "fondo asilo migrazione e integrazione"],
    &["msna", "minori stranieri non accompagnati"],
    &["cpia", "centro provinciale per l'istruzione degli adulti"],
    &["sai", "sprar", "sistema di accoglienza e integrazione"],
    &["cas", "centro di accoglienza straordinaria"],
    &["pua", "punto unico di accesso"],
    &["permesso di soggiorno", "pds"],
    &["asl", "usl", "azienda sanitaria"],
    &["sds", "societa della salute"],
    &["cpt", "cittadini di paesi terzi"],
];

impl Default for Synonyms {
    fn default() -> Self {
        Self::new(
            DEFAULT
                .iter()
                .map(|g| g.iter().map(|s| (*s).to_owned()).collect()),
        )
    }
}

impl Synonyms {
    /// Groups of equivalent words or phrases; groups with fewer than two usable members are dropped.
    pub fn new(groups: impl IntoIterator<Item = Vec<String>>) -> Self {
        let groups = groups
            .into_iter()
            .map(|group| {
                group
                    .iter()
                    .map(|member| words(member))
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|group| group.len() > 1)
            .collect();
        Self { groups }
    }

    /// The groups as phrases, for showing and editing.
    pub fn groups(&self) -> Vec<Vec<String>> {
        self.groups
            .iter()
            .map(|g| g.iter().map(|w| w.join(" ")).collect())
            .collect()
    }

    /// The query as clauses that must all match; each clause lists alternatives (a word, or the words of a
    /// synonym phrase). `permesso di soggiorno a Grosseto` → [[permesso di soggiorno], [pds]], [a], [grosseto].
    pub fn clauses(&self, query: &str) -> Vec<Vec<Vec<String>>> {
        let words = words(query);
        let mut clauses = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let found = self.groups.iter().find_map(|group| {
                group
                    .iter()
                    .find(|member| words[at..].starts_with(member))
                    .map(|member| (group, member.len()))
            });
            match found {
                Some((group, len)) => {
                    clauses.push(group.clone());
                    at += len;
                }
                None => {
                    clauses.push(vec![vec![words[at].clone()]]);
                    at += 1;
                }
            }
        }
        clauses
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_phrases_expand_both_ways() {
        let synonyms = Synonyms::default();
        let clauses = synonyms.clauses("Progetti FAMI a Grosseto");
        assert_eq!(clauses.len(), 4);
        assert!(clauses[1].contains(&vec!["amif".to_owned()]));
        let clauses = synonyms.clauses("minori stranieri non accompagnati");
        assert_eq!(clauses.len(), 1);
        assert!(clauses[0].contains(&vec!["msna".to_owned()]));
        assert_eq!(
            synonyms.clauses("Società della Salute")[0][0],
            vec!["sds".to_owned()]
        );
        assert!(synonyms.clauses("?!  ...").is_empty());
    }
}
