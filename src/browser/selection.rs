//! DOM selection <-> code-point offsets. The article renders every run of
//! text as a segment element carrying `data-s`, the code-point offset of its
//! first character, with exactly one text node inside; DOM offsets count
//! UTF-16 units within that node. This module is the one place that turns
//! one into the other.

use attrib_core::model::Span;
use attrib_core::OffsetIndex;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Selection};

/// The segment attribute holding a code-point offset.
pub(crate) const SEGMENT_ATTR: &str = "data-s";

fn segment_start(el: &Element) -> Option<usize> {
    el.get_attribute(SEGMENT_ATTR)?.parse().ok()
}

/// The code-point position of a DOM point (a node and an offset in it),
/// when the point lies in a segment of the article.
pub(crate) fn point_to_offset(node: &Node, offset: u32) -> Option<usize> {
    if node.node_type() == Node::TEXT_NODE {
        let segment = node.parent_element()?;
        let start = segment_start(&segment)?;
        let text = node.text_content().unwrap_or_default();
        return Some(start + OffsetIndex::new(&text).utf16_to_cp_ceil(offset as usize));
    }
    let el: &Element = node.dyn_ref()?;
    let children = el.child_nodes();
    if let Some(child) = children.item(offset) {
        // Before `child`: the start of the first segment in it or after it.
        first_segment_from(&child).and_then(|seg| segment_start(&seg))
    } else {
        // After the last child: the end of the last segment inside.
        let last = el.last_child()?;
        last_segment_in(&last).map(|seg| {
            segment_start(&seg).unwrap_or(0)
                + seg.text_content().unwrap_or_default().chars().count()
        })
    }
}

fn as_element(node: &Node) -> Option<Element> {
    node.clone().dyn_into::<Element>().ok()
}

/// The first segment at or after `node` in document order (its own
/// descendants first, then following siblings of it and its ancestors).
fn first_segment_from(node: &Node) -> Option<Element> {
    let mut current = Some(node.clone());
    while let Some(n) = current {
        if let Some(el) = as_element(&n) {
            if el.has_attribute(SEGMENT_ATTR) {
                return Some(el);
            }
            if let Ok(Some(found)) = el.query_selector(&format!("[{SEGMENT_ATTR}]")) {
                return Some(found);
            }
        } else if let Some(parent) = n.parent_element() {
            if parent.has_attribute(SEGMENT_ATTR) {
                return Some(parent);
            }
        }
        let mut up = Some(n);
        current = None;
        while let Some(u) = up {
            if let Some(next) = u.next_sibling() {
                current = Some(next);
                break;
            }
            up = u.parent_node();
        }
    }
    None
}

/// The last segment within `node` (or `node` itself).
fn last_segment_in(node: &Node) -> Option<Element> {
    let el = as_element(node).or_else(|| node.parent_element())?;
    if el.has_attribute(SEGMENT_ATTR) {
        return Some(el);
    }
    let all = el.query_selector_all(&format!("[{SEGMENT_ATTR}]")).ok()?;
    all.item(all.length().checked_sub(1)?)?.dyn_into().ok()
}

/// The window's selection.
pub(crate) fn window_selection() -> Option<Selection> {
    gloo::utils::window().get_selection().ok().flatten()
}

/// The selection's range as code points, when both ends lie inside `root`.
/// A collapsed selection gives an empty span at the caret.
pub(crate) fn selection_in(root: &Element) -> Option<Span> {
    let sel = window_selection()?;
    if sel.range_count() == 0 {
        return None;
    }
    let range = sel.get_range_at(0).ok()?;
    let (a, b) = (range.start_container().ok()?, range.end_container().ok()?);
    if !root.contains(Some(&a)) || !root.contains(Some(&b)) {
        return None;
    }
    let start = point_to_offset(&a, range.start_offset().ok()?)?;
    let end = point_to_offset(&b, range.end_offset().ok()?)?;
    Some(Span::new(start.min(end), start.max(end)))
}

/// The text node and UTF-16 offset inside it for a code-point position in
/// `root`: the segment that contains it (at a boundary, the one it starts).
pub(crate) fn offset_to_point(root: &Element, offset: usize) -> Option<(Node, u32)> {
    let segments = root.query_selector_all(&format!("[{SEGMENT_ATTR}]")).ok()?;
    let mut best: Option<(Element, usize)> = None;
    for i in 0..segments.length() {
        let Some(el) = segments.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(start) = segment_start(&el) else {
            continue;
        };
        if start > offset {
            break;
        }
        best = Some((el, start));
    }
    let (el, start) = best?;
    let text_node = el.first_child()?;
    let text = text_node.text_content().unwrap_or_default();
    let index = OffsetIndex::new(&text);
    let within = (offset - start).min(index.len_chars());
    let units = index.cp_to_utf16(within)?;
    Some((text_node, units as u32))
}

/// Selects `span` inside `root` (a caret when it is empty).
pub(crate) fn select_span(root: &Element, span: Span) -> Option<()> {
    let sel = window_selection()?;
    let (a, a_off) = offset_to_point(root, span.start)?;
    let (b, b_off) = offset_to_point(root, span.end)?;
    sel.set_base_and_extent(&a, a_off, &b, b_off).ok()
}

/// Collapses a selection in the article to its end, so that clearing the
/// selection also clears it on screen (the text stayed highlighted while
/// the toolbar said nothing was selected) and the caret stays put.
pub(crate) fn collapse_article_selection() {
    let Some(sel) = window_selection() else {
        return;
    };
    let in_article = sel
        .anchor_node()
        .and_then(|n| {
            if n.node_type() == web_sys::Node::ELEMENT_NODE {
                n.dyn_into::<web_sys::Element>().ok()
            } else {
                n.parent_element()
            }
        })
        .and_then(|el| el.closest("article.article").ok().flatten())
        .is_some();
    if in_article && !sel.is_collapsed() {
        let _ = sel.collapse_to_end();
    }
}

/// Moves or extends the selection like a text editor's caret:
/// `alter` "move" or "extend", `direction` "forward" or "backward",
/// `granularity` "character", "word", "line" or "lineboundary".
pub(crate) fn modify_selection(alter: &str, direction: &str, granularity: &str) {
    if let Some(sel) = window_selection() {
        let _ = sel.modify(alter, direction, granularity);
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// Builds segments the way the article does: each `(start, text)`.
    fn article(segments: &[(usize, &str)]) -> Element {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        let p = document.create_element("p").unwrap();
        for (start, text) in segments {
            let seg = document.create_element("span").unwrap();
            seg.set_attribute(SEGMENT_ATTR, &start.to_string()).unwrap();
            seg.set_text_content(Some(text));
            p.append_child(&seg).unwrap();
        }
        root.append_child(&p).unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        root
    }

    #[wasm_bindgen_test]
    fn selection_after_emoji_and_cjk_maps_to_code_points() {
        // Text: "😀 漢字 “said” x" split into segments at 0, 5 and 11.
        let root = article(&[(0, "😀 漢字 "), (5, "“said”"), (11, " x")]);
        // Select “said” by DOM range on the second segment's text node.
        let seg = root.query_selector("[data-s='5']").unwrap().unwrap();
        let text = seg.first_child().unwrap();
        let sel = window_selection().unwrap();
        sel.set_base_and_extent(&text, 1, &text, 5).unwrap();
        assert_eq!(selection_in(&root), Some(Span::new(6, 10)));
        // Across segments, starting right after the emoji (2 UTF-16 units).
        let first = root
            .query_selector("[data-s='0']")
            .unwrap()
            .unwrap()
            .first_child()
            .unwrap();
        let last = root
            .query_selector("[data-s='11']")
            .unwrap()
            .unwrap()
            .first_child()
            .unwrap();
        sel.set_base_and_extent(&first, 2, &last, 2).unwrap();
        assert_eq!(selection_in(&root), Some(Span::new(1, 13)));
    }

    #[wasm_bindgen_test]
    fn spans_round_trip_through_the_dom_selection() {
        let root = article(&[(0, "𝒜𝒷 ab "), (6, "ﷺ שלום"), (12, " end")]);
        for (start, end) in [(0, 2), (1, 7), (6, 12), (3, 16), (12, 12)] {
            select_span(&root, Span::new(start, end)).expect("select");
            assert_eq!(
                selection_in(&root),
                Some(Span::new(start, end)),
                "{start}..{end}"
            );
        }
    }

    /// Builds the article's shape: chunks (divs) of paragraphs of
    /// segments, each `(start, text)`.
    fn chunked(chunks: &[&[&[(usize, &str)]]]) -> Element {
        let document = gloo::utils::document();
        let root = document.create_element("article").unwrap();
        for paragraphs in chunks {
            let chunk = document.create_element("div").unwrap();
            for segments in *paragraphs {
                let p = document.create_element("p").unwrap();
                for (start, text) in *segments {
                    let seg = document.create_element("span").unwrap();
                    seg.set_attribute(SEGMENT_ATTR, &start.to_string()).unwrap();
                    seg.set_text_content(Some(text));
                    p.append_child(&seg).unwrap();
                }
                chunk.append_child(&p).unwrap();
            }
            root.append_child(&chunk).unwrap();
        }
        document.body().unwrap().append_child(&root).unwrap();
        root
    }

    #[wasm_bindgen_test]
    fn selections_cross_paragraphs_and_chunks() {
        // "ab" "cd" | "ef" in chunk one, "gh" in chunk two (paragraphs two
        // code points apart, as "\n\n" separates them).
        let root = chunked(&[&[&[(0, "ab"), (2, "cd")], &[(6, "ef")]], &[&[(10, "gh")]]]);
        for (start, end) in [(1, 7), (3, 11), (7, 10), (0, 12)] {
            select_span(&root, Span::new(start, end)).expect("select");
            assert_eq!(
                selection_in(&root),
                Some(Span::new(start, end)),
                "{start}..{end}"
            );
        }
        // Points between elements: before the second chunk, after the
        // first chunk's last paragraph, at the end of the article.
        assert_eq!(point_to_offset(&root, 1), Some(10));
        let chunk = root.first_child().unwrap();
        assert_eq!(point_to_offset(&chunk, 2), Some(8));
        assert_eq!(point_to_offset(&chunk, 1), Some(6));
        assert_eq!(point_to_offset(&root, 2), Some(12));
    }

    #[wasm_bindgen_test]
    fn element_boundary_points_map_to_segment_edges() {
        let root = article(&[(0, "ab"), (2, "cd")]);
        let p = root.first_child().unwrap();
        assert_eq!(point_to_offset(&p, 1), Some(2));
        assert_eq!(point_to_offset(&p, 2), Some(4));
        assert_eq!(point_to_offset(&p, 0), Some(0));
    }

    #[wasm_bindgen_test]
    fn a_selection_outside_the_article_is_ignored() {
        let root = article(&[(0, "inside")]);
        let other = article(&[(0, "outside")]);
        let text = other
            .query_selector("[data-s]")
            .unwrap()
            .unwrap()
            .first_child()
            .unwrap();
        window_selection()
            .unwrap()
            .set_base_and_extent(&text, 0, &text, 3)
            .unwrap();
        assert_eq!(selection_in(&root), None);
    }
}
