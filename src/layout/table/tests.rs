//! The table layout's unit tests.

use super::*;
use crate::layout::flow::PageSetup;

/// A one-column table on pages with 80 mm of body, and rows of `lines` lines each.
fn place(lines: &[usize]) -> Vec<Vec<String>> {
    place_after(0.0, &lines.iter().map(|&n| (n, false)).collect::<Vec<_>>())
}

/// [`place`] `advance` mm down the first page, rows of (lines, joined to the row above).
fn place_after(advance: f32, lines: &[(usize, bool)]) -> Vec<Vec<String>> {
    let body = Style::new(9.0);
    let table = Table {
        columns: vec![Column { width: 100.0, ..Column::auto("内容", Align::Left) }],
        header_style: body.bold(),
        body_style: body,
        label_col: 0,
    };
    let rows: Vec<Row> = lines
        .iter()
        .enumerate()
        .map(|(r, &(n, joined))| {
            let text = (1..=n).map(|i| format!("行{r}の{i}")).collect::<Vec<_>>().join("\n");
            Row { cells: vec![CellText { text, style: body }], joined, label: format!("行{r}"), inset: None }
        })
        .collect();
    let mut flow = Flow::new(PageSetup::new((210.0, 100.0), 10.0));
    flow.advance(advance);
    table.place(&mut flow, &rows, "施策1（続き）");
    flow.pages
        .iter()
        .map(|p| {
            p.elements
                .iter()
                .filter_map(|e| match e {
                    Element::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_row_moves_whole_when_that_leaves_less_than_a_third_of_the_page_empty() {
    // After ten lines about a quarter of the page is left: the six-line row moves whole.
    let pages = place(&[10, 6]);
    assert_eq!(pages.len(), 2);
    assert!(pages[1].iter().filter(|t| t.starts_with("行1の")).count() == 6, "{pages:?}");
    assert!(!pages[1].iter().any(|t| t == "（続き）"), "not split: {pages:?}");
    assert_eq!(pages[1][0], "施策1（続き）", "the caption above the repeated header");
}

#[test]
fn a_row_splits_between_lines_with_two_each_side_when_moving_would_leave_much_empty() {
    let pages = place(&[4, 14]);
    assert_eq!(pages.len(), 2);
    let here = pages[0].iter().filter(|t| t.starts_with("行1の")).count();
    let there = pages[1].iter().filter(|t| t.starts_with("行1の")).count();
    assert_eq!(here + there, 14);
    assert!(here >= 2 && there >= 2, "{here} + {there}");
    assert!(pages[1].iter().any(|t| t == "（続き）"), "the rest is marked");
    // A row of three lines never splits (it cannot keep two on each side).
    let pages = place(&[12, 3]);
    assert_eq!(pages.iter().map(|p| p.iter().filter(|t| t.starts_with("行1の")).count()).max(), Some(3));
}

/// Which page each row's first and last line are on.
fn rows_on(pages: &[Vec<String>], row: usize) -> Vec<usize> {
    let on = |t: &String| t.starts_with(&format!("行{row}の"));
    (0..pages.len()).filter(|&p| pages[p].iter().any(on)).collect()
}

#[test]
fn a_small_table_moves_whole_only_from_the_foot_of_a_page() {
    // Four one-line rows (under half the page) with less than a quarter of the page left:
    // all go over, without a caption (nothing continues).
    let pages = place_after(62.0, &[(1, false); 4]);
    assert!(pages[0].is_empty(), "nothing left behind: {pages:?}");
    assert!((0..4).all(|r| rows_on(&pages, r) == [1]), "{pages:?}");
    assert!(!pages[1].iter().any(|t| t.contains("続き")), "{pages:?}");
    // With more than a quarter left (room for three), they start there and continue,
    // captioned, two on each page: one row alone is never carried over.
    let pages = place_after(52.0, &[(1, false); 4]);
    assert_eq!((rows_on(&pages, 1), rows_on(&pages, 2)), (vec![0], vec![1]), "{pages:?}");
    assert!(pages[1].iter().any(|t| t == "施策1（続き）"), "{pages:?}");
    // Three rows cannot leave two on each page: they go over whole.
    let pages = place_after(56.0, &[(1, false); 3]);
    assert!(pages[0].is_empty(), "{pages:?}");
    // Eleven rows are no small table: they start where they stand and continue, captioned.
    let pages = place_after(52.0, &[(1, false); 11]);
    assert_eq!(rows_on(&pages, 0), [0]);
    assert!(pages[1].iter().any(|t| t == "施策1（続き）"), "{pages:?}");
}

#[test]
fn a_short_joined_row_at_the_end_of_its_group_is_not_carried_over_alone() {
    // A six-line item after six rows fills the page but for its one-line note (an
    // indicator): the item goes over with it.
    let mut rows = vec![(1, false); 6];
    rows.extend([(6, false), (1, true)]);
    let pages = place_after(0.0, &rows);
    assert_eq!(rows_on(&pages, 5), [0]);
    assert_eq!((rows_on(&pages, 6), rows_on(&pages, 7)), (vec![1], vec![1]), "{pages:?}");
    // A note of three lines is no short end: it may go alone.
    rows[7] = (3, true);
    let pages = place_after(0.0, &rows);
    assert_eq!((rows_on(&pages, 6), rows_on(&pages, 7)), (vec![0], vec![1]), "{pages:?}");
}
