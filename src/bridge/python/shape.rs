//! A check of a program's shape before it is parsed: the parser recurses into expressions and
//! blocks, so a hostile shape (a 20,000-term sum, 700 nested blocks) is refused first, with a
//! message, instead of overflowing the stack (a wasm worker's stack is 1 MiB).

use crate::model::{Diagnostic, Pos};
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{lexer::lex, Mode};

/// Tokens in one statement: far more than any statement of a teaching program has.
const MAX_STATEMENT_TOKENS: usize = 2_000;
/// Brackets open at once, and blocks inside each other.
const MAX_DEPTH: usize = 100;

pub fn check(src: &str) -> Result<(), Diagnostic> {
    let mut lexer = lex(src, Mode::Module);
    let (mut tokens, mut brackets, mut blocks, mut line) = (0usize, 0usize, 0usize, 1u32);
    loop {
        let kind = lexer.next_token();
        // The lexer reports line breaks as tokens, except inside strings: the line is a close
        // estimate, enough to find the statement.
        let at = Pos::new(line, 1);
        match kind {
            TokenKind::EndOfFile => return Ok(()),
            TokenKind::Newline => {
                tokens = 0;
                line += 1;
            }
            TokenKind::NonLogicalNewline => line += 1,
            TokenKind::Indent => blocks += 1,
            TokenKind::Dedent => blocks = blocks.saturating_sub(1),
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => brackets += 1,
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                brackets = brackets.saturating_sub(1)
            }
            _ => {}
        }
        tokens += 1;
        if tokens > MAX_STATEMENT_TOKENS {
            return Err(Diagnostic::error(
                at,
                format!("a statement near here has more than {MAX_STATEMENT_TOKENS} tokens"),
            )
            .with_hint("split it into smaller statements"));
        }
        if brackets > MAX_DEPTH || blocks > MAX_DEPTH {
            return Err(Diagnostic::error(
                at,
                format!("brackets or blocks near here are nested more than {MAX_DEPTH} deep"),
            )
            .with_hint("flatten the program"));
        }
    }
}
