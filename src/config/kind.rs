//! The report kinds: a word the settings (each kind's table), the reports, the run and the
//! command line share. What the run, the command line and `kyodo serve` need to know of a kind
//! is one entry of the table here ([`Kind::facts`]), read through [`Kind`]'s methods and never by
//! naming a kind: adding one touches `config/` (this table, its settings), `report/` (what it
//! shows, the files it comes as) and `templates/` only (docs/architecture.md, "How to add").

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

/// What the rest of kyodo knows of a kind besides its settings and its content.
struct Facts {
    /// Its name on the command line (`--kind koho`), in file names (`koho.pdf`), of its
    /// settings file (`koho.toml`) and table (`[koho]`).
    name: &'static str,
    /// What it is, in `kyodo report --help`.
    help: &'static str,
    /// What it is, in `kyodo config` and `kyodo serve`; `{magazine}` stands for the name of
    /// the city's magazine ([`super::Config::magazine`]).
    purpose: &'static str,
    /// What `kyodo config` adds after its formats: an option it reads.
    remark: Option<&'static str>,
    /// What messages call it (「広報向けの要約」).
    called: &'static str,
    /// It has nothing to say without progress: asked for alone on a plan without any, the run
    /// refuses; within `all`, it is left out with a note.
    needs_progress: bool,
    /// It shows the rows matching no plan item, as a closing section (`--force`): the office
    /// reviews them there, not in what residents and the committee read as the plan.
    shows_unmatched: bool,
    /// It is often printed in one or two colours (the city magazine): the words naming its
    /// charts in the warning when two grade colours look alike in grey (「広報の図」).
    grey_figures: Option<&'static str>,
}

impl Kind {
    /// Every kind, in the order `--kind all` writes them.
    pub const ALL: [Kind; 3] = [Kind::Official, Kind::Koho, Kind::Committee];

    /// The kind `kyodo report` makes when none is asked for.
    pub const DEFAULT: Kind = Kind::Official;

    /// The kind's entry in the table.
    fn facts(self) -> &'static Facts {
        match self {
            Kind::Official => &Facts {
                name: "official",
                help: "公表用の進捗状況報告書",
                purpose: "公表用の進捗状況報告書",
                remark: None,
                called: "公表用の進捗状況報告書",
                needs_progress: false,
                shows_unmatched: true,
                grey_figures: None,
            },
            Kind::Koho => &Facts {
                name: "koho",
                help: "市の広報紙向けの要約",
                purpose: "{magazine}向けの要約",
                remark: None,
                called: "広報向けの要約",
                needs_progress: true,
                shows_unmatched: false,
                grey_figures: Some("広報の図"),
            },
            Kind::Committee => &Facts {
                name: "committee",
                help: "市民参画・協働推進検討委員会の資料",
                purpose: "市民参画・協働推進検討委員会の資料",
                remark: Some("--previous で前年度と比較"),
                called: "委員会資料",
                needs_progress: false,
                shows_unmatched: false,
                grey_figures: None,
            },
        }
    }

    /// Its name on the command line (`--kind koho`), in the file names of `kyodo report -o`
    /// (`koho.pdf`), of its settings file (`koho.toml`) and table (`[koho]`).
    ///
    /// ```
    /// use kyodo::Kind;
    /// assert_eq!(Kind::ALL.map(Kind::name), ["official", "koho", "committee"]);
    /// ```
    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// The kind of that name (`--kind`), if there is one.
    pub fn named(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What it is, in `kyodo report --help`.
    pub fn help(self) -> &'static str {
        self.facts().help
    }

    /// What it is, for `kyodo config` and `kyodo serve`, the 広報 summary named by the city's
    /// magazine (「広報つしま向けの要約」).
    pub fn purpose(self, magazine: &str) -> String {
        self.facts().purpose.replace("{magazine}", magazine)
    }

    /// What `kyodo config` adds after its formats (an option it reads), if anything.
    pub fn remark(self) -> Option<&'static str> {
        self.facts().remark
    }

    /// What messages call it (「広報向けの要約」).
    pub fn called(self) -> &'static str {
        self.facts().called
    }

    /// Whether it has nothing to say without progress: asked for alone on a plan without any,
    /// the run refuses; within `all`, it is left out with a note.
    pub fn needs_progress(self) -> bool {
        self.facts().needs_progress
    }

    /// Whether it shows the rows matching no plan item (`--force`) as a closing section.
    pub fn shows_unmatched(self) -> bool {
        self.facts().shows_unmatched
    }

    /// For a kind often printed in one or two colours, the words naming its charts in the
    /// warning when two grade colours look alike in grey (「広報の図」); None for the others.
    pub fn grey_figures(self) -> Option<&'static str> {
        self.facts().grey_figures
    }
}
