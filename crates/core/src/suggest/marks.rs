//! Quotation marks: which characters open and close quotes, and how they
//! pair into quoted segments in real articles. Handles every common style
//! (“ ” ‘ ’ " ' « » „ ‚ 「 」 『 』), apostrophes that are no marks
//! (O’Brien, don’t, the ’90s, the Russians’), quotes inside quotes, marks
//! that close without opening, and quotes running over several paragraphs
//! (a paragraph that opens a quote without closing it continues in the next
//! when that one opens with a mark).

use crate::Span;

/// The family a mark belongs to: a quote opened with one is closed with
/// the same family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Double,
    Single,
    Guillemet,
    SingleGuillemet,
    Corner,
    WhiteCorner,
}

impl Style {
    /// Single marks double as apostrophes, so an unpaired one is ignored.
    fn is_single(self) -> bool {
        matches!(self, Style::Single | Style::SingleGuillemet)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open(Style),
    Close(Style),
    /// Opens when no quote of its style is open, else closes (`"`).
    Either(Style),
}

/// A quoted segment: one part per paragraph it covers, each part running
/// from its opening mark to its closing mark inclusive (to the paragraph's
/// last character when it does not close there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub parts: Vec<Span>,
    /// The last part ends with a closing mark.
    pub closed: bool,
}

impl Segment {
    pub fn start(&self) -> usize {
        self.parts.first().map_or(0, |p| p.start)
    }

    pub fn end(&self) -> usize {
        self.parts.last().map_or(0, |p| p.end)
    }
}

/// One line's quoted stretch before paragraphs are chained.
#[derive(Debug, Clone, Copy)]
struct Piece {
    span: Span,
    style: Style,
    closed: bool,
    /// Its opening mark is the first thing on its line.
    starts_line: bool,
    line: usize,
}

/// The top-level quoted segments of `chars`, in order. Quotes nested in
/// another are part of it, not segments of their own.
pub fn segments(chars: &[char]) -> Vec<Segment> {
    let mut pieces = Vec::new();
    let mut line_start = 0;
    let mut line_no = 0;
    for (i, &c) in chars
        .iter()
        .enumerate()
        .chain(std::iter::once((chars.len(), &'\n')))
    {
        if c == '\n' {
            if chars[line_start..i].iter().any(|c| !c.is_whitespace()) {
                line_pieces(chars, line_start, i, line_no, &mut pieces);
                line_no += 1;
            }
            line_start = i + 1;
        }
    }
    chain(pieces)
}

/// Joins a piece left open at the end of its line with the next line's
/// first piece when that line opens with a mark of the same style.
fn chain(pieces: Vec<Piece>) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut open_tail: Option<(Style, usize)> = None;
    for piece in pieces {
        let continues = open_tail.is_some_and(|(style, line)| {
            style == piece.style && line + 1 == piece.line && piece.starts_line
        });
        match segments.last_mut() {
            Some(last) if continues => {
                last.parts.push(piece.span);
                last.closed = piece.closed;
            }
            _ => segments.push(Segment {
                parts: vec![piece.span],
                closed: piece.closed,
            }),
        }
        open_tail = (!piece.closed).then_some((piece.style, piece.line));
    }
    segments
}

/// Pairs the marks of the line `start..end` and adds its top-level pieces.
fn line_pieces(chars: &[char], start: usize, end: usize, line: usize, out: &mut Vec<Piece>) {
    let first_visible = (start..end).find(|&i| !chars[i].is_whitespace());
    let mut stack: Vec<(usize, Style, char)> = Vec::new();
    let mut found: Vec<Piece> = Vec::new();
    let piece = |open: usize, close: usize, style: Style, closed: bool| Piece {
        span: Span::new(open, close),
        style,
        closed,
        starts_line: Some(open) == first_visible,
        line,
    };
    let mut next = start;
    for i in start..end {
        if i < next {
            continue;
        }
        // Two single marks as one double (''…'' as some papers write it).
        let doubled =
            matches!(chars[i], '\'' | '`') && chars.get(i + 1) == Some(&chars[i]) && i + 1 < end;
        let width = if doubled { 2 } else { 1 };
        next = i + width;
        let found_role = if doubled {
            double_role(chars, i, width, start, end)
        } else {
            role(chars, i, start, end)
        };
        let Some(role) = found_role else {
            continue;
        };
        let role = match role {
            Role::Either(style) if stack.iter().any(|e| e.1 == style) => Role::Close(style),
            Role::Either(style) => Role::Open(style),
            // „…“ and ‚…‘: the upper mark closes a low one.
            Role::Open(style)
                if stack
                    .last()
                    .is_some_and(|e| low_closer(e.2) == Some(chars[i])) =>
            {
                Role::Close(style)
            }
            other => other,
        };
        match role {
            Role::Open(style) => {
                if !style.is_single() {
                    if let Some(k) = stack.iter().rposition(|e| e.1 == style) {
                        // The earlier quote of this style never closed.
                        let open = stack[k].0;
                        found.push(piece(open, trim_end(chars, open, i), style, false));
                        stack.truncate(k);
                    }
                }
                stack.push((i, style, chars[i]));
            }
            Role::Close(style) => {
                if let Some(k) = stack.iter().rposition(|e| e.1 == style) {
                    found.push(piece(stack[k].0, i + width, style, true));
                    stack.truncate(k);
                } else if !style.is_single() && stack.is_empty() {
                    // A mark that closes without opening: the last quote of
                    // its style on the line runs on to it.
                    if let Some(last) = found
                        .iter_mut()
                        .rev()
                        .find(|p| p.style == style && p.closed)
                    {
                        last.span.end = i + width;
                    }
                }
            }
            Role::Either(_) => {}
        }
    }
    if let Some(&(open, style, _)) = stack.iter().find(|e| !e.1.is_single()) {
        found.push(piece(open, trim_end(chars, open, end), style, false));
    }
    crate::sort::sort_by_key(&mut found, |p| {
        (p.span.start, std::cmp::Reverse(p.span.end))
    });
    let mut outer_end = 0;
    for p in found {
        if p.span.start >= outer_end {
            outer_end = p.span.end;
            out.push(p);
        }
    }
}

/// The end of `open..end` without trailing whitespace.
fn trim_end(chars: &[char], open: usize, mut end: usize) -> usize {
    while end > open + 1 && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    end
}

fn low_closer(open: char) -> Option<char> {
    match open {
        '„' => Some('“'),
        '‚' => Some('‘'),
        _ => None,
    }
}

/// What the doubled mark at `i` (`''` or ``` `` ```) does: opens before a
/// word, closes after one.
fn double_role(chars: &[char], i: usize, width: usize, start: usize, end: usize) -> Option<Role> {
    let before = (i > start).then(|| chars[i - 1]);
    let after = (i + width < end).then(|| chars[i + width]);
    let space_before = before.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b));
    let space_after = after.is_none_or(|a| a.is_whitespace() || ".,;:!?)]}—–…".contains(a));
    Some(if chars[i] == '`' || (space_before && !space_after) {
        Role::Open(Style::Double)
    } else if space_after && !space_before {
        Role::Close(Style::Double)
    } else {
        Role::Either(Style::Double)
    })
}

/// What the character at `i` does as a quotation mark, if anything.
fn role(chars: &[char], i: usize, start: usize, end: usize) -> Option<Role> {
    let c = chars[i];
    let before = (i > start).then(|| chars[i - 1]);
    let after = (i + 1 < end).then(|| chars[i + 1]);
    let space_before = before.is_none_or(|b| b.is_whitespace() || "([{—–-/".contains(b));
    let space_after = after.is_none_or(|a| a.is_whitespace() || ".,;:!?)]}—–…".contains(a));
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    Some(match c {
        '“' | '„' => Role::Open(Style::Double),
        '”' if space_before && !space_after => Role::Open(Style::Double),
        '”' => Role::Close(Style::Double),
        '"' if space_before && !space_after => Role::Open(Style::Double),
        '"' if space_after && !space_before => Role::Close(Style::Double),
        '"' => Role::Either(Style::Double),
        '«' if !space_before && space_after => Role::Close(Style::Guillemet),
        '«' => Role::Open(Style::Guillemet),
        '»' if space_before && !space_after => Role::Open(Style::Guillemet),
        '»' => Role::Close(Style::Guillemet),
        '‹' => Role::Open(Style::SingleGuillemet),
        '›' => Role::Close(Style::SingleGuillemet),
        '「' => Role::Open(Style::Corner),
        '」' => Role::Close(Style::Corner),
        '『' => Role::Open(Style::WhiteCorner),
        '』' => Role::Close(Style::WhiteCorner),
        '‚' => Role::Open(Style::Single),
        '‘' | '’' | '\'' => {
            // An apostrophe: inside a word (don’t, O’Brien) or before a
            // year (the ’90s).
            if (alnum(before) && alnum(after)) || (space_before && digit(after)) {
                return None;
            }
            // A plural possessive: the Russians’ plans.
            let lower_next = (i + 2 < end)
                .then(|| chars[i + 2])
                .is_some_and(char::is_lowercase);
            if c != '‘' && before == Some('s') && after == Some(' ') && lower_next {
                return None;
            }
            if (space_before && !space_after) || c == '‘' {
                Role::Open(Style::Single)
            } else if !space_before {
                Role::Close(Style::Single)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<Vec<String>> {
        let chars: Vec<char> = text.chars().collect();
        segments(&chars)
            .iter()
            .map(|s| {
                s.parts
                    .iter()
                    .map(|p| chars[p.start..p.end].iter().collect())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_common_style_pairs() {
        for (text, inner) in [
            ("He said “yes, we will” today.", "“yes, we will”"),
            ("He said \"yes, we will\" today.", "\"yes, we will\""),
            ("He said 'yes, we will' today.", "'yes, we will'"),
            ("He said ‘yes, we will’ today.", "‘yes, we will’"),
            (
                "Il a dit « oui, nous le ferons » hier.",
                "« oui, nous le ferons »",
            ),
            ("Er sagte „ja, wir werden“ heute.", "„ja, wir werden“"),
            ("Er sagte ‚ja, wir werden‘ heute.", "‚ja, wir werden‘"),
            ("彼は「はい、そうします」と言った。", "「はい、そうします」"),
            ("He said ''yes, we won't'' today.", "''yes, we won't''"),
            ("He said ``yes, we will'' today.", "``yes, we will''"),
        ] {
            assert_eq!(quoted(text), [[inner]], "{text}");
        }
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        let text = "O’Brien said: ‘I don’t miss the ’90s or the Russians’ plans.’";
        assert_eq!(
            quoted(text),
            [["‘I don’t miss the ’90s or the Russians’ plans.’"]]
        );
    }

    #[test]
    fn a_quote_inside_a_quote_belongs_to_the_outer_one() {
        let text = "“He told me ‘never again’ twice,” she said.";
        assert_eq!(quoted(text), [["“He told me ‘never again’ twice,”"]]);
    }

    #[test]
    fn a_mark_that_closes_without_opening_extends_the_quote_before_it() {
        let text = "“I argued.”The bottom line is that we lost.” He left.";
        assert_eq!(
            quoted(text),
            [["“I argued.”The bottom line is that we lost.”"]]
        );
    }

    #[test]
    fn a_quote_left_open_continues_in_a_paragraph_that_opens_with_a_mark() {
        let text = "She said: “We came here.\n\n“We stayed.” Then she left.\n\n“Other.”";
        assert_eq!(
            quoted(text),
            [vec!["“We came here.", "“We stayed.”"], vec!["“Other.”"]]
        );
    }

    #[test]
    fn a_quote_never_closed_ends_with_its_paragraph() {
        let text = "She said “we came here and stayed  \nNext line.";
        assert_eq!(quoted(text), [["“we came here and stayed"]]);
    }
}
