//! The plan in the report's one notation ([`crate::text::notation`]): every word a reader
//! sees, normalised once before pages, web page and text are made from it.

use super::{Goal, Indicator, Item, Plan, Progress, Section, Text};
use crate::text::notation::{normalise, number};

impl Plan {
    /// A copy of the plan with its words in the report's one notation: 「(共働)!!」 as
    /// 「（共働）！！」, 「71%」 as 「71％」, 「1000件」 as 「1,000件」 ([`normalise`]), and an
    /// indicator's figures with their thousands separated ([`number`]). Numbers, marks and
    /// grades keep their meaning: the figures read the same ([`super::indicator::number`]
    /// drops separators), marks and grades are left as written.
    pub fn normalised(&self) -> Plan {
        let mut plan = self.clone();
        plan.title = normalise(&plan.title).into_owned();
        plan.sections.iter_mut().for_each(section);
        plan.unknown.iter_mut().for_each(progress);
        plan.unknown_opinions.iter_mut().for_each(progress);
        plan
    }
}

fn section(s: &mut Section) {
    if let Some(h) = &mut s.heading {
        h.title = normalise(&h.title).into_owned();
        h.subtitle = h.subtitle.as_deref().map(|t| normalise(t).into_owned());
    }
    s.lead.iter_mut().for_each(text);
    s.goals.iter_mut().for_each(goal);
}

fn goal(g: &mut Goal) {
    g.statement.iter_mut().for_each(text);
    g.items.iter_mut().for_each(item);
}

fn item(i: &mut Item) {
    for t in [&mut i.name, &mut i.content, &mut i.actors, &mut i.departments] {
        t.iter_mut().for_each(text);
    }
    i.progress.iter_mut().for_each(progress);
    i.indicators.iter_mut().for_each(indicator);
    i.opinions.iter_mut().for_each(|(_, t)| text(t));
}

fn progress(p: &mut Progress) {
    p.department = normalise(&p.department).into_owned();
    let words = [&mut p.name, &mut p.content, &mut p.status, &mut p.results, &mut p.issues];
    words.into_iter().chain([&mut p.next_steps, &mut p.comment, &mut p.opinion]).for_each(|t| {
        t.iter_mut().for_each(text);
    });
    p.indicators.iter_mut().for_each(indicator);
    p.earlier.iter_mut().for_each(|(_, p)| progress(p));
}

fn indicator(i: &mut Indicator) {
    i.name.iter_mut().for_each(text);
    i.unit.iter_mut().for_each(text);
    for t in [&mut i.baseline, &mut i.target, &mut i.actual].into_iter().flatten() {
        t.value = number(&t.value).into_owned();
    }
}

fn text(t: &mut Text) {
    if let std::borrow::Cow::Owned(v) = normalise(&t.value) {
        t.value = v;
    }
}
