//! Reads `index` files: the list of test files and subdirectories to run.
//!
//! Format, one entry per line: a path relative to the index's directory,
//! then optional `+tag` words that apply to every block below that entry.
//! Entries ending in `.lua` are test files; any other entry is a directory
//! holding its own `index`. Blank lines and lines starting with `#` are ignored.

use std::path::{Path, PathBuf};

/// One entry of an index file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the index's directory.
    pub path: String,
    /// Tags, without their `+`.
    pub tags: Vec<String>,
}

/// A test file found by walking indexes, with the tags inherited on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFile {
    /// Path of the `.lua` file.
    pub path: PathBuf,
    /// Tags from all enclosing index entries.
    pub tags: Vec<String>,
}

/// Parses the text of one index file.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let mut words = t.split_whitespace();
        let path = words.next().expect("non-empty line has a word").to_string();
        let mut tags = Vec::new();
        for w in words {
            match w.strip_prefix('+') {
                Some(tag) if !tag.is_empty() => tags.push(tag.to_string()),
                _ => return Err(format!("line {}: bad tag '{w}'", i + 1)),
            }
        }
        out.push(Entry { path, tags });
    }
    Ok(out)
}

/// Walks `dir/index` recursively and returns every test file in index order.
pub fn walk(dir: &Path) -> Result<Vec<TestFile>, String> {
    let mut out = Vec::new();
    walk_into(dir, &[], &mut out, 0)?;
    Ok(out)
}

fn walk_into(
    dir: &Path,
    tags: &[String],
    out: &mut Vec<TestFile>,
    depth: u32,
) -> Result<(), String> {
    // Guards against an index that (indirectly) lists itself.
    if depth > 32 {
        return Err(format!("{}: index nesting too deep", dir.display()));
    }
    let ipath = dir.join("index");
    let text = std::fs::read_to_string(&ipath).map_err(|e| format!("{}: {e}", ipath.display()))?;
    let entries = parse(&text).map_err(|e| format!("{}: {e}", ipath.display()))?;
    for e in entries {
        let mut t = tags.to_vec();
        t.extend(e.tags.iter().cloned());
        let p = dir.join(&e.path);
        if e.path.ends_with(".lua") {
            out.push(TestFile { path: p, tags: t });
        } else {
            walk_into(&p, &t, out, depth + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries_tags_and_comments() {
        let e = parse("# comment\n\nlang\nslow.lua +slow +gc\n  x.lua  \n").unwrap();
        assert_eq!(
            e,
            vec![
                Entry {
                    path: "lang".into(),
                    tags: vec![]
                },
                Entry {
                    path: "slow.lua".into(),
                    tags: vec!["slow".into(), "gc".into()]
                },
                Entry {
                    path: "x.lua".into(),
                    tags: vec![]
                },
            ]
        );
    }

    #[test]
    fn rejects_tags_without_plus() {
        assert!(parse("a.lua slow\n").unwrap_err().contains("line 1"));
    }

    #[test]
    fn walks_nested_indexes_and_inherits_tags() {
        let root = std::env::temp_dir().join(format!("strix-index-test-{}", std::process::id()));
        let sub = root.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(root.join("index"), "a.lua\nsub +s\n").unwrap();
        std::fs::write(sub.join("index"), "b.lua +b\n").unwrap();
        let files = walk(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, root.join("a.lua"));
        assert!(files[0].tags.is_empty());
        assert_eq!(files[1].path, sub.join("b.lua"));
        assert_eq!(files[1].tags, vec!["s".to_string(), "b".to_string()]);
    }

    #[test]
    fn missing_index_is_an_error() {
        assert!(walk(Path::new("/nonexistent/strix")).is_err());
    }
}
