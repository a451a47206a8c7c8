//! Splits a Lua test file into its `do --- name +tags` blocks.
//!
//! Convention (simpler than parsing Lua, and enforced by the splitter):
//! - a block opens with a line starting at column 0 with `do --- `, followed by
//!   the block name (one word) and optional `+tag` words;
//! - the block closes at the first following line that is `end` at column 0
//!   (trailing spaces or a `-- comment` allowed). Code inside a block must
//!   therefore be indented, so no inner `end` sits at column 0;
//! - lines before the first block are the file's *prologue* (shared helpers),
//!   sent ahead of every block; lines between blocks must be blank or comments.
//!
//! Each block's chunk is the prologue, blank lines up to the block's first line,
//! then the block, so line numbers in error messages match the file.

/// One test block of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The name after `do ---`.
    pub name: String,
    /// Tags written after the name, without their `+`.
    pub tags: Vec<String>,
    /// 1-based line of the `do ---` line.
    pub line: usize,
    /// The block's lines, `do ---` to `end` inclusive, newline-terminated.
    pub source: String,
}

/// A file split into its prologue and blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SplitFile {
    /// Lines before the first block, newline-terminated.
    pub prologue: String,
    /// Number of lines in the prologue.
    pub prologue_lines: usize,
    /// The blocks in file order.
    pub blocks: Vec<Block>,
}

impl SplitFile {
    /// The chunk to run for `block`: prologue, padding, block.
    pub fn chunk(&self, block: &Block) -> String {
        let pad = block.line.saturating_sub(1 + self.prologue_lines);
        let mut s = String::with_capacity(self.prologue.len() + pad + block.source.len());
        s.push_str(&self.prologue);
        s.extend(std::iter::repeat_n('\n', pad));
        s.push_str(&block.source);
        s
    }
}

/// Is `line` a block opener? Returns the text after `do ---`.
fn opener(line: &str) -> Option<&str> {
    line.strip_prefix("do ---")
}

/// Is `line` a block closer (`end` at column 0)?
fn is_closer(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("end") else {
        return false;
    };
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with("--")
}

/// Is `line` allowed between blocks (blank or a comment)?
fn is_filler(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with("--")
}

/// Splits `text`; errors name the offending line.
pub fn split(text: &str) -> Result<SplitFile, String> {
    let mut out = SplitFile::default();
    let mut cur: Option<Block> = None;
    let mut seen_block = false;
    for (i, line) in text.lines().enumerate() {
        let lineno = i + 1;
        if let Some(b) = cur.as_mut() {
            if opener(line).is_some() {
                return Err(format!(
                    "line {lineno}: block opened inside block '{}' (line {}); is its `end` at column 0?",
                    b.name, b.line
                ));
            }
            b.source.push_str(line);
            b.source.push('\n');
            if is_closer(line) {
                out.blocks.push(cur.take().expect("open block"));
            }
            continue;
        }
        if let Some(rest) = opener(line) {
            let mut words = rest.split_whitespace();
            let name = words
                .next()
                .ok_or_else(|| format!("line {lineno}: block without a name"))?;
            let mut tags = Vec::new();
            for w in words {
                match w.strip_prefix('+') {
                    Some(t) if !t.is_empty() => tags.push(t.to_string()),
                    _ => {
                        return Err(format!(
                            "line {lineno}: bad tag '{w}' (tags start with '+')"
                        ))
                    }
                }
            }
            seen_block = true;
            cur = Some(Block {
                name: name.to_string(),
                tags,
                line: lineno,
                source: format!("{line}\n"),
            });
        } else if !seen_block {
            out.prologue.push_str(line);
            out.prologue.push('\n');
            out.prologue_lines += 1;
        } else if !is_filler(line) {
            return Err(format!(
                "line {lineno}: code outside any block after the first block"
            ));
        }
    }
    if let Some(b) = cur {
        return Err(format!(
            "block '{}' (line {}) has no closing `end` at column 0",
            b.name, b.line
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_blocks_with_names_tags_and_lines() {
        let f = split("local h = 1\n\ndo --- a +x +y\n  if h then\n  end\nend\n-- note\ndo --- b\nend -- done\n").unwrap();
        assert_eq!(f.prologue, "local h = 1\n\n");
        assert_eq!(f.prologue_lines, 2);
        assert_eq!(f.blocks.len(), 2);
        assert_eq!(f.blocks[0].name, "a");
        assert_eq!(f.blocks[0].tags, vec!["x", "y"]);
        assert_eq!(f.blocks[0].line, 3);
        assert_eq!(
            f.blocks[0].source,
            "do --- a +x +y\n  if h then\n  end\nend\n"
        );
        assert_eq!(f.blocks[1].name, "b");
        assert_eq!(f.blocks[1].line, 8);
    }

    #[test]
    fn chunk_keeps_line_numbers() {
        let f = split("local h = 1\n\n\ndo --- a\nerror()\nend\n").unwrap();
        let c = f.chunk(&f.blocks[0]);
        assert_eq!(c.lines().position(|l| l == "error()"), Some(4));
    }

    #[test]
    fn rejects_unclosed_block() {
        let e = split("do --- a\n  x()\n  end\n").unwrap_err();
        assert!(e.contains("no closing"), "{e}");
    }

    #[test]
    fn rejects_nested_opener_and_stray_code() {
        assert!(split("do --- a\ndo --- b\nend\n").is_err());
        assert!(split("do --- a\nend\nprint(1)\n").is_err());
    }

    #[test]
    fn rejects_bad_tags_and_missing_names() {
        assert!(split("do --- a slow\nend\n").is_err());
        assert!(split("do ---\nend\n").is_err());
    }

    #[test]
    fn endings_that_are_not_closers() {
        assert!(!is_closer("ending()"));
        assert!(!is_closer("  end"));
        assert!(is_closer("end  "));
    }
}
