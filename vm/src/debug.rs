//! Debug information: chunk names for messages, line lookup, variable and function names.

/// Longest `short_src` (LuaJIT's `LUA_IDSIZE`, terminator included).
pub const IDSIZE: usize = 60;

/// The short source name used in messages: `file.lua`, `name`, `[string "..."]`.
pub fn short_src(chunkname: &[u8]) -> Vec<u8> {
    match chunkname.first() {
        Some(b'=') => {
            let s = &chunkname[1..];
            s[..s.len().min(IDSIZE - 1)].to_vec()
        }
        Some(b'@') => {
            let s = &chunkname[1..];
            if s.len() < IDSIZE {
                s.to_vec()
            } else {
                // Keep the end of a long path: it names the file.
                let mut out = b"...".to_vec();
                out.extend_from_slice(&s[s.len() - (IDSIZE - 4)..]);
                out
            }
        }
        _ => {
            let line_end = chunkname.iter().position(|&c| c == b'\n' || c == b'\r');
            let mut len = line_end.unwrap_or(chunkname.len());
            let mut dots = line_end.is_some();
            if len > IDSIZE - 15 {
                len = IDSIZE - 15;
                dots = true;
            }
            let mut out = b"[string \"".to_vec();
            out.extend_from_slice(&chunkname[..len]);
            if dots {
                out.extend_from_slice(b"...");
            }
            out.extend_from_slice(b"\"]");
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_src_forms() {
        assert_eq!(short_src(b"@foo.lua"), b"foo.lua");
        assert_eq!(short_src(b"=stdin"), b"stdin");
        assert_eq!(short_src(b"x = 1"), b"[string \"x = 1\"]");
        assert_eq!(short_src(b"x = 1\ny = 2"), b"[string \"x = 1...\"]");
        let long = [b'a'; 100];
        let s = short_src(&long);
        assert_eq!(s.len(), 9 + 45 + 3 + 2);
        let mut path = b"@".to_vec();
        path.extend_from_slice(&[b'p'; 80]);
        let s = short_src(&path);
        assert!(s.starts_with(b"...") && s.len() == IDSIZE - 1);
    }
}
