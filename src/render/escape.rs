//! One escaping function per output language, so no text from an input file can steer the
//! output (SPEC §2, §8): [`terminal`] for the table format (and [`terminal_line`] for input
//! text on a line of its own there), [`markdown`] for Markdown text,
//! [`markdown_code`] for Markdown inline code and [`markdown_fence`] for Markdown code blocks.
//! Every renderer passes input text (names, URLs, raw entries, messages, file names) through
//! these and nothing else.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters no input may send to an output as they are: C0 controls, DEL, C1 controls, the
/// bidirectional controls (which reorder what a reader sees) and the Unicode line and paragraph
/// separators.
fn is_hazard(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// `s` with every hazard except those `keep` accepts written as `\u{1b}`.
fn escape_hazards(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_hazard(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hazard(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal: every control character shown escaped (`\u{1b}`), so no escape
/// sequence, carriage return or bidirectional override reaches the screen. Line feeds stay:
/// the table renderers use them to lay out cells, and a line feed cannot leave its cell.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape_hazards(s, |c| c == '\n')
}

/// Input text on a line of its own outside a table (a finding's message under `why`, an
/// address, a raw entry): [`terminal`], and line feeds shown escaped too, so no input can start
/// a line that looks like the tool's own.
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    escape_hazards(s, |_| false)
}

/// Text for Markdown (a paragraph, a list item, a table cell), shortened for a human format
/// first (see [`super::shorten`]): control characters, line feeds included, are shown escaped;
/// every ASCII punctuation character that Markdown or a table could read is backslash-escaped
/// (no emphasis, heading, link, image, HTML, table cell end or code span can start); `@` is
/// followed by a zero-width joiner, so no `@mention` or e-mail autolink forms; and `www.` or
/// `://` is broken the same way, so no URL autolink forms.
pub fn markdown(s: &str) -> String {
    let short = super::shorten(s);
    let plain = escape_hazards(&short, |_| false);
    let mut out = String::with_capacity(plain.len() + 16);
    let mut chars = plain.chars().peekable();
    let leading_digits = plain.bytes().take_while(u8::is_ascii_digit).count();
    while let Some(c) = chars.next() {
        match c {
            '@' => out.push_str("@\u{200d}"),
            // `://` and `www.` would be autolinked by GitHub's Markdown.
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:\u{200d}"),
            '.' if out.len() >= 3
                && out.as_bytes()[out.len() - 3..].eq_ignore_ascii_case(b"www") =>
            {
                out.push_str("\u{200d}\\.");
            }
            // `1.` at the start of a list item would open a numbered list.
            '.' if !out.is_empty() && out.len() == leading_digits => out.push_str("\\."),
            // Harmless inside a line, and common in names and paths: left readable. (`(` and
            // `)` make a link only after `]`, which is escaped; `-` and `+` make a list item
            // only at the start.)
            '-' | '+' if !out.is_empty() => out.push(c),
            ',' | '/' | '\'' | '"' | '%' | '=' | '?' | ';' | '.' | ':' | '(' | ')' => out.push(c),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Inline code for a value of our own shape (a canonical domain, a finding code): a code span
/// when nothing in it can end one or a table cell, else escaped [`markdown`] text.
pub fn markdown_code(s: &str) -> String {
    if s.is_empty() || s.contains(['`', '|']) || s.chars().any(is_hazard) {
        markdown(s)
    } else {
        format!("`{s}`")
    }
}

/// A fenced code block of `lines`: each line with every control character shown escaped (so
/// no line ends early), inside a fence longer than any run of backticks in them (so no line
/// closes it).
pub fn markdown_fence<S: AsRef<str>>(info: &str, lines: &[S]) -> String {
    let lines: Vec<Cow<'_, str>> = lines
        .iter()
        .map(|l| escape_hazards(l.as_ref(), |_| false))
        .collect();
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let mut out = format!("{fence}{info}\n");
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(&fence);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_controls_escaped_and_keeps_line_feeds() {
        assert_eq!(
            terminal("a\u{1b}]0;x\u{7}b\rc\nd\u{9b}e\u{202e}f\u{2028}"),
            "a\\u{1b}]0;x\\u{7}b\\u{d}c\nd\\u{9b}e\\u{202e}f\\u{2028}"
        );
        assert!(matches!(terminal("bücher.de"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_escapes_structure_and_mentions() {
        assert_eq!(
            markdown("a|b\r\n# [x](y) @team `c` <img>"),
            "a\\|b\\\\u\\{d\\}\\\\u\\{a\\}\\# \\[x\\](y) @\u{200d}team \\`c\\` \\<img\\>"
        );
        assert_eq!(markdown("contoso.com"), "contoso.com");
        assert_eq!(markdown("- a-b"), "\\- a-b");
    }

    #[test]
    fn fences_outlast_backtick_runs() {
        assert_eq!(markdown_fence("diff", &["+ a"]), "```diff\n+ a\n```\n");
        assert_eq!(
            markdown_fence("", &["x ````` y", "z\r"]),
            "``````\nx ````` y\nz\\u{d}\n``````\n"
        );
    }
}
