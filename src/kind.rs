//! The report kinds: a word the settings (each kind's table), the reports and the command
//! line share, so it sits below all of them.

/// The report kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The official progress report the city publishes.
    Official,
    /// The summary for the city magazine 広報つしま.
    Koho,
    /// The handout for the 市民参画・協働推進検討委員会.
    Committee,
}

impl Kind {
    /// Every kind, in the order `--kind all` writes them.
    pub const ALL: [Kind; 3] = [Kind::Official, Kind::Koho, Kind::Committee];

    /// The file name stem of this kind's outputs.
    pub fn file_stem(self) -> &'static str {
        match self {
            Kind::Official => "official",
            Kind::Koho => "koho",
            Kind::Committee => "committee",
        }
    }
}
