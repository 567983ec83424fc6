//! Positions and `# interleave:` marker comments of a Python source text.

use crate::model::Pos;
use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_text_size::{Ranged, TextSize};

/// Where each line starts, to turn byte offsets into 1-based line and character columns.
pub struct Lines<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    pub fn new(src: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { src, starts }
    }

    pub fn pos(&self, offset: TextSize) -> Pos {
        let offset = usize::from(offset).min(self.src.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self.src[start..offset].chars().count() + 1;
        Pos::new(line as u32, col as u32)
    }

    /// The source text of a node, cut to 60 characters for a message (or a log line).
    pub fn snippet(&self, node: &impl Ranged) -> String {
        let text = self.text(node);
        match text.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        }
    }

    /// The source text of a node.
    pub fn text(&self, node: &impl Ranged) -> &'s str {
        let range = node.range();
        &self.src[usize::from(range.start())..usize::from(range.end())]
    }
}

/// A `# interleave: …` comment: what follows the colon, and where the comment starts.
#[derive(Clone, Debug)]
pub struct Marker {
    pub offset: TextSize,
    pub text: String,
}

/// Every marker comment, in source order. Comments come from the tokens, so a `#` inside a
/// string is never mistaken for one.
pub fn markers(src: &str, tokens: &Tokens) -> Vec<Marker> {
    tokens
        .iter()
        .filter(|t| t.kind() == TokenKind::Comment)
        .filter_map(|t| {
            let text = &src[usize::from(t.start())..usize::from(t.end())];
            let rest = text.trim_start_matches('#').trim_start();
            let body = rest.strip_prefix("interleave:")?;
            Some(Marker {
                offset: t.start(),
                text: body.trim().to_string(),
            })
        })
        .collect()
}

impl Lines<'_> {
    /// The offset of the end of the line `offset` is on (before its line break).
    pub fn line_end(&self, offset: TextSize) -> TextSize {
        let at = usize::from(offset).min(self.src.len());
        let end = self.src[at..].find('\n').map_or(self.src.len(), |i| at + i);
        TextSize::try_from(end).unwrap_or(offset)
    }
}
