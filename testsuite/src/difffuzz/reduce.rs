//! Shrinks a failing program by deleting whole statements, as long as it
//! still fails the same way. Statements are found from the indentation the
//! generator writes: a line, the more-indented lines after it, and the line
//! that closes them (`end`, `until`, `}`, `)`; with every `else` part). A
//! deletion that breaks the program anyway fails alike in every mode, so it
//! is rejected like any other.

use std::time::Instant;

/// Does `line` close or continue a block opened above it?
fn is_closer(line: &str) -> bool {
    let t = line.trim_start();
    ["end", "until", "else", "elseif", "}", ")"]
        .iter()
        .any(|k| t.starts_with(k))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The lines `start..end` of the statement that begins at `start`, or
/// `None` if a block closer is there.
fn statement(lines: &[String], start: usize) -> Option<std::ops::Range<usize>> {
    if is_closer(&lines[start]) {
        return None;
    }
    let k = indent_of(&lines[start]);
    let mut end = start + 1;
    loop {
        while end < lines.len() && indent_of(&lines[end]) > k {
            end += 1;
        }
        match lines.get(end) {
            Some(l) if indent_of(l) == k && is_closer(l) => {
                end += 1;
                let t = l.trim_start();
                // `else` and `elseif` go on to the block's real end.
                if !(t.starts_with("else") || t.starts_with("elseif")) {
                    return Some(start..end);
                }
            }
            _ => return Some(start..end),
        }
    }
}

/// The smallest program (as lines) found before `deadline` for which
/// `fails` holds, keeping the first `keep` lines; `fails(lines)` must hold
/// for `lines` itself. Later statements go first: what follows the
/// failure is usually not needed.
pub fn reduce(
    lines: Vec<String>,
    keep: usize,
    deadline: Instant,
    mut fails: impl FnMut(&str) -> bool,
) -> Vec<String> {
    let mut cur = lines;
    loop {
        let mut shrunk = false;
        let mut i = cur.len();
        while i > keep {
            i -= 1;
            if Instant::now() >= deadline {
                return cur;
            }
            let Some(r) = statement(&cur, i) else {
                continue;
            };
            let cand: Vec<String> = cur[..r.start]
                .iter()
                .chain(&cur[r.end..])
                .cloned()
                .collect();
            if fails(&cand.join("\n")) {
                cur = cand;
                shrunk = true;
                i = i.min(cur.len());
            }
        }
        if !shrunk {
            return cur;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(String::from).collect()
    }

    #[test]
    fn statements_take_their_blocks_and_else_parts() {
        let l = lines("a\nif x then\n  b\nelse\n  c\nend\nd\n}");
        assert_eq!(statement(&l, 0), Some(0..1));
        assert_eq!(statement(&l, 1), Some(1..6));
        assert_eq!(statement(&l, 2), Some(2..3));
        assert_eq!(statement(&l, 3), None);
        assert_eq!(statement(&l, 7), None);
    }

    #[test]
    fn keeps_only_the_statements_the_failure_needs() {
        let src =
            "keep\nx1\ndo\n  x2\n  x3\nend\nwhile c do\n  x4\n  if d then\n    x5\n  end\nend\nx6";
        let deadline = Instant::now() + Duration::from_secs(10);
        let out = reduce(lines(src), 1, deadline, |s| {
            s.contains("x3") && s.contains("x5")
        });
        assert_eq!(
            out.join("\n"),
            "keep\ndo\n  x3\nend\nwhile c do\n  if d then\n    x5\n  end\nend"
        );
    }
}
