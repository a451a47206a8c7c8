//! Lexer: Lua 5.1 tokens with LuaJIT's extensions, over arbitrary bytes.
//!
//! It keeps LuaJIT's conventions where they show in messages: the text of a name,
//! number or string token as `near '...'` shows it (strings with their delimiters and
//! escapes already decoded), line counting (`\n`, `\r`, `\r\n`, `\n\r` are one line),
//! and a skipped UTF-8 BOM and `#` first line, as `lj_lex_setup` does.

use crate::debug::short_src;
use crate::strscan::{self, Scan};

/// A token kind. Reserved words come first, in LuaJIT's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    Goto,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    Concat,
    Dots,
    Eq,
    Ge,
    Le,
    Ne,
    Label,
    Number,
    Name,
    String,
    Eof,
    /// A single-character token such as `+` or `(` (or any other byte).
    Char(u8),
}

const RESERVED: [(&[u8], Tok); 22] = [
    (b"and", Tok::And),
    (b"break", Tok::Break),
    (b"do", Tok::Do),
    (b"else", Tok::Else),
    (b"elseif", Tok::Elseif),
    (b"end", Tok::End),
    (b"false", Tok::False),
    (b"for", Tok::For),
    (b"function", Tok::Function),
    (b"goto", Tok::Goto),
    (b"if", Tok::If),
    (b"in", Tok::In),
    (b"local", Tok::Local),
    (b"nil", Tok::Nil),
    (b"not", Tok::Not),
    (b"or", Tok::Or),
    (b"repeat", Tok::Repeat),
    (b"return", Tok::Return),
    (b"then", Tok::Then),
    (b"true", Tok::True),
    (b"until", Tok::Until),
    (b"while", Tok::While),
];

impl Tok {
    /// The token's name in messages (`'=' expected`, `near '<eof>'`).
    pub fn name(self) -> Vec<u8> {
        let s: &str = match self {
            Tok::Concat => "..",
            Tok::Dots => "...",
            Tok::Eq => "==",
            Tok::Ge => ">=",
            Tok::Le => "<=",
            Tok::Ne => "~=",
            Tok::Label => "::",
            Tok::Number => "<number>",
            Tok::Name => "<name>",
            Tok::String => "<string>",
            Tok::Eof => "<eof>",
            Tok::Char(c) => {
                return if c < 32 || c == 127 {
                    format!("char({c})").into_bytes()
                } else {
                    vec![c]
                };
            }
            other => {
                return RESERVED
                    .iter()
                    .find(|(_, t)| *t == other)
                    .map(|(s, _)| s.to_vec())
                    .unwrap_or_default();
            }
        };
        s.as_bytes().to_vec()
    }
}

/// One scanned token.
#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    /// Names: the name. Numbers: the numeral. Strings: the literal as scanned, with
    /// its delimiters (escapes decoded); the value is `text[open..len-open]`.
    pub text: Vec<u8>,
    /// Length of a string token's opening (and closing) delimiter.
    pub open: usize,
    /// Value of a number token.
    pub num: f64,
}

impl Token {
    /// The token as `near '...'` shows it; `None` for a NUL byte (LuaJIT prints no token).
    pub fn near(&self) -> Option<Vec<u8>> {
        match self.tok {
            Tok::Name | Tok::String | Tok::Number => Some(self.text.clone()),
            Tok::Char(0) => None,
            t => Some(t.name()),
        }
    }
    /// The value of a string token (the text without delimiters).
    pub fn into_string(mut self) -> Vec<u8> {
        let len = self.text.len();
        if self.tok != Tok::String || len < 2 * self.open {
            return self.text;
        }
        self.text.truncate(len - self.open);
        self.text.drain(..self.open);
        self.text
    }
}

/// Where the text for `near '...'` comes from in an error.
#[derive(Clone, Debug, PartialEq)]
pub enum Near {
    None,
    /// The parser's current token.
    Cur,
    Text(Vec<u8>),
}

/// A front-end error before it is formatted with the chunk name and line.
#[derive(Clone, Debug)]
pub struct PErr {
    pub msg: String,
    pub near: Near,
    /// Line to report instead of the lexer's current line.
    pub line: Option<u32>,
}

impl PErr {
    /// Create a fresh instance.
    pub fn new(msg: impl Into<String>, near: Near) -> PErr {
        PErr {
            msg: msg.into(),
            near,
            line: None,
        }
    }
}

/// A syntax error with the complete LuaJIT-worded message (`file:line: msg near 'tok'`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub msg: Vec<u8>,
}

impl std::fmt::Display for SyntaxError {
    /// Display the message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.msg))
    }
}

impl std::error::Error for SyntaxError {}

/// Format an error as LuaJIT's `lj_err_lex` does.
pub fn format_error(chunkname: &[u8], line: u32, msg: &str, near: Option<&[u8]>) -> SyntaxError {
    let mut out = short_src(chunkname);
    out.extend_from_slice(format!(":{line}: {msg}").as_bytes());
    if let Some(t) = near {
        out.extend_from_slice(b" near '");
        out.extend_from_slice(t);
        out.push(b'\'');
    }
    SyntaxError { msg: out }
}

/// Can `c` be part of a name? Bytes >= 0x80 can, as in LuaJIT.
pub fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

pub type LResult<T> = Result<T, PErr>;

/// The scanner state.
pub struct Lexer<'a> {
    src: &'a [u8],
    /// Position of the current character `c`.
    pos: usize,
    /// Current character, `None` at end of input.
    c: Option<u8>,
    /// Line of the current character.
    pub line: u32,
    /// The text of the token being scanned.
    buf: Vec<u8>,
}

impl<'a> Lexer<'a> {
    /// Start scanning `src`, skipping a UTF-8 BOM and a `#` first line.
    pub fn new(src: &'a [u8]) -> Lexer<'a> {
        let mut lx = Lexer {
            src,
            pos: 0,
            c: src.first().copied(),
            line: 1,
            buf: Vec::new(),
        };
        if src.starts_with(b"\xef\xbb\xbf") {
            lx.pos = 2;
            lx.next_char();
        }
        if lx.c == Some(b'#') {
            while lx.c.is_some() && !lx.is_eol() {
                lx.next_char();
            }
            if lx.is_eol() {
                lx.newline();
            }
        }
        lx
    }

    /// Advance to the next input byte.
    fn next_char(&mut self) -> Option<u8> {
        self.pos += 1;
        self.c = self.src.get(self.pos).copied();
        self.c
    }

    /// Append a byte to the token text.
    fn save(&mut self, c: u8) {
        self.buf.push(c);
    }

    /// Save the current character and advance.
    fn save_next(&mut self) -> Option<u8> {
        if let Some(c) = self.c {
            self.buf.push(c);
        }
        self.next_char()
    }

    /// Is the current character a line break?
    fn is_eol(&self) -> bool {
        matches!(self.c, Some(b'\n') | Some(b'\r'))
    }

    /// Skip one line break (`\n`, `\r`, `\r\n` or `\n\r`).
    fn newline(&mut self) {
        let old = self.c;
        self.next_char();
        if self.is_eol() && self.c != old {
            self.next_char();
        }
        self.line = self.line.saturating_add(1);
    }

    /// An error with an optional `near` text.
    fn err(&self, msg: &str, near: Option<Vec<u8>>) -> PErr {
        PErr::new(msg, near.map_or(Near::None, Near::Text))
    }

    /// Error whose `near` text is the token scanned so far.
    fn err_buf(&self, msg: &str) -> PErr {
        self.err(msg, Some(self.buf.clone()))
    }

    /// An error near '<eof>'.
    fn err_eof(&self, msg: &str) -> PErr {
        self.err(msg, Some(b"<eof>".to_vec()))
    }

    /// Scan the next token.
    pub fn scan(&mut self) -> LResult<Token> {
        self.buf.clear();
        loop {
            let c = match self.c {
                None => return Ok(self.simple(Tok::Eof)),
                Some(c) => c,
            };
            if is_ident(c) {
                if c.is_ascii_digit() {
                    return self.number();
                }
                while self.c.is_some_and(is_ident) {
                    self.save_next();
                }
                let text = std::mem::take(&mut self.buf);
                let tok = RESERVED
                    .iter()
                    .find(|(s, _)| *s == &text[..])
                    .map_or(Tok::Name, |(_, t)| *t);
                return Ok(Token {
                    tok,
                    text,
                    open: 0,
                    num: 0.0,
                });
            }
            match c {
                b'\n' | b'\r' => {
                    self.newline();
                }
                b' ' | b'\t' | 0x0b | 0x0c => {
                    self.next_char();
                }
                b'-' => {
                    self.next_char();
                    if self.c != Some(b'-') {
                        return Ok(self.simple(Tok::Char(b'-')));
                    }
                    self.next_char();
                    if self.c == Some(b'[') {
                        let sep = self.skip_eq();
                        self.buf.clear();
                        if sep >= 0 {
                            self.long_string(sep as usize, false)?;
                            self.buf.clear();
                            continue;
                        }
                    }
                    while self.c.is_some() && !self.is_eol() {
                        self.next_char();
                    }
                }
                b'[' => {
                    let sep = self.skip_eq();
                    if sep >= 0 {
                        self.long_string(sep as usize, true)?;
                        let text = std::mem::take(&mut self.buf);
                        return Ok(Token {
                            tok: Tok::String,
                            text,
                            open: sep as usize + 2,
                            num: 0.0,
                        });
                    } else if sep == -1 {
                        return Ok(self.simple(Tok::Char(b'[')));
                    }
                    return Err(self.err_buf("invalid long string delimiter"));
                }
                b'=' => return Ok(self.two(b'=', Tok::Char(b'='), Tok::Eq)),
                b'<' => return Ok(self.two(b'=', Tok::Char(b'<'), Tok::Le)),
                b'>' => return Ok(self.two(b'=', Tok::Char(b'>'), Tok::Ge)),
                b'~' => return Ok(self.two(b'=', Tok::Char(b'~'), Tok::Ne)),
                b':' => return Ok(self.two(b':', Tok::Char(b':'), Tok::Label)),
                b'"' | b'\'' => return self.string(c),
                b'.' => {
                    if self.save_next() == Some(b'.') {
                        self.next_char();
                        if self.c == Some(b'.') {
                            self.next_char();
                            return Ok(self.simple(Tok::Dots));
                        }
                        return Ok(self.simple(Tok::Concat));
                    } else if !self.c.is_some_and(|c| c.is_ascii_digit()) {
                        return Ok(self.simple(Tok::Char(b'.')));
                    }
                    return self.number();
                }
                _ => {
                    self.next_char();
                    return Ok(self.simple(Tok::Char(c)));
                }
            }
        }
    }

    /// A token without text.
    fn simple(&mut self, tok: Tok) -> Token {
        Token {
            tok,
            text: Vec::new(),
            open: 0,
            num: 0.0,
        }
    }

    /// A one- or two-character operator: `single`, or `double` if followed by `second`.
    fn two(&mut self, second: u8, single: Tok, double: Tok) -> Token {
        self.next_char();
        if self.c == Some(second) {
            self.next_char();
            self.simple(double)
        } else {
            self.simple(single)
        }
    }

    /// A numeral: LuaJIT takes every identifier character, dot, and exponent sign.
    fn number(&mut self) -> LResult<Token> {
        let mut xp = b'e';
        let mut c = self.c.unwrap_or(b'0');
        if c == b'0' && self.save_next().is_some_and(|n| n | 0x20 == b'x') {
            xp = b'p';
        }
        while let Some(n) = self.c {
            let sign_ok = (n == b'-' || n == b'+') && (c | 0x20) == xp;
            if !(is_ident(n) || n == b'.' || sign_ok) {
                break;
            }
            c = n;
            self.save_next();
        }
        match strscan::scan(&self.buf, true) {
            Scan::Num(num) => Ok(Token {
                tok: Tok::Number,
                text: std::mem::take(&mut self.buf),
                open: 0,
                num,
            }),
            Scan::Ffi => Err(self
                .err_buf("malformed number (64-bit integer and imaginary literals need the FFI)")),
            Scan::Error => Err(self.err_buf("malformed number")),
        }
    }

    /// Count `=` after a `[` or `]`: the level if the bracket repeats, else `-count-1`.
    fn skip_eq(&mut self) -> i64 {
        let s = self.c;
        let mut count: i64 = 0;
        while self.save_next() == Some(b'=') && count < 0x2000_0000 {
            count += 1;
        }
        if self.c == s {
            count
        } else {
            -count - 1
        }
    }

    /// The body of a long string or comment, after its opening `[=*`.
    fn long_string(&mut self, sep: usize, is_string: bool) -> LResult<()> {
        self.save_next();
        if self.is_eol() {
            self.newline();
        }
        loop {
            match self.c {
                None => {
                    return Err(self.err_eof(if is_string {
                        "unfinished long string"
                    } else {
                        "unfinished long comment"
                    }))
                }
                Some(b']') => {
                    if self.skip_eq() == sep as i64 {
                        self.save_next();
                        return Ok(());
                    }
                }
                Some(b'\n') | Some(b'\r') => {
                    self.save(b'\n');
                    self.newline();
                    if !is_string {
                        self.buf.clear();
                    }
                }
                Some(_) => {
                    self.save_next();
                }
            }
        }
    }

    /// Value of a hex digit.
    fn hex_digit(c: Option<u8>) -> Option<u32> {
        c.and_then(|c| (c as char).to_digit(16))
    }

    /// A quoted string, with all of LuaJIT's escapes.
    fn string(&mut self, delim: u8) -> LResult<Token> {
        self.save_next();
        loop {
            let c = match self.c {
                None => return Err(self.err_eof("unfinished string")),
                Some(c) => c,
            };
            if c == delim {
                break;
            }
            match c {
                b'\n' | b'\r' => return Err(self.err_buf("unfinished string")),
                b'\\' => {
                    let e = self.next_char();
                    let esc = match e {
                        None => continue,
                        Some(e) => e,
                    };
                    let v: u8 = match esc {
                        b'a' => 7,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'v' => 11,
                        b'x' => {
                            let hi = Self::hex_digit(self.next_char());
                            let lo = hi.and_then(|_| Self::hex_digit(self.next_char()));
                            match (hi, lo) {
                                (Some(h), Some(l)) => (h * 16 + l) as u8,
                                _ => return Err(self.err_buf("invalid escape sequence")),
                            }
                        }
                        b'u' => {
                            if self.next_char() != Some(b'{') {
                                return Err(self.err_buf("invalid escape sequence"));
                            }
                            self.next_char();
                            let mut cp: u32 = 0;
                            loop {
                                match Self::hex_digit(self.c) {
                                    Some(d) => cp = (cp << 4) | d,
                                    None => return Err(self.err_buf("invalid escape sequence")),
                                }
                                if cp >= 0x11_0000 {
                                    return Err(self.err_buf("invalid escape sequence"));
                                }
                                if self.next_char() == Some(b'}') {
                                    break;
                                }
                            }
                            if (0xd800..0xe000).contains(&cp) {
                                return Err(self.err_buf("invalid escape sequence"));
                            }
                            self.save_utf8(cp);
                            self.next_char();
                            continue;
                        }
                        b'z' => {
                            self.next_char();
                            while self.c.is_some_and(strscan::is_space) {
                                if self.is_eol() {
                                    self.newline();
                                } else {
                                    self.next_char();
                                }
                            }
                            continue;
                        }
                        b'\n' | b'\r' => {
                            self.save(b'\n');
                            self.newline();
                            continue;
                        }
                        b'\\' | b'"' | b'\'' => esc,
                        d if d.is_ascii_digit() => {
                            let mut v = (d - b'0') as u32;
                            if let Some(d2) = self.next_char().filter(u8::is_ascii_digit) {
                                v = v * 10 + (d2 - b'0') as u32;
                                if let Some(d3) = self.next_char().filter(u8::is_ascii_digit) {
                                    v = v * 10 + (d3 - b'0') as u32;
                                    if v > 255 {
                                        return Err(self.err_buf("invalid escape sequence"));
                                    }
                                    self.next_char();
                                }
                            }
                            self.save(v as u8);
                            continue;
                        }
                        _ => return Err(self.err_buf("invalid escape sequence")),
                    };
                    self.save(v);
                    self.next_char();
                }
                _ => {
                    self.save_next();
                }
            }
        }
        self.save_next();
        Ok(Token {
            tok: Tok::String,
            text: std::mem::take(&mut self.buf),
            open: 1,
            num: 0.0,
        })
    }

    /// Append a code point (below 0x110000) as UTF-8.
    fn save_utf8(&mut self, cp: u32) {
        if cp < 0x80 {
            self.save(cp as u8);
        } else if cp < 0x800 {
            self.save(0xc0 | (cp >> 6) as u8);
            self.save(0x80 | (cp & 0x3f) as u8);
        } else if cp < 0x10000 {
            self.save(0xe0 | (cp >> 12) as u8);
            self.save(0x80 | ((cp >> 6) & 0x3f) as u8);
            self.save(0x80 | (cp & 0x3f) as u8);
        } else {
            self.save(0xf0 | (cp >> 18) as u8);
            self.save(0x80 | ((cp >> 12) & 0x3f) as u8);
            self.save(0x80 | ((cp >> 6) & 0x3f) as u8);
            self.save(0x80 | (cp & 0x3f) as u8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        let mut lx = Lexer::new(src.as_bytes());
        let mut out = Vec::new();
        loop {
            let t = lx.scan().expect("scan");
            if t.tok == Tok::Eof {
                return out;
            }
            out.push(t.tok);
        }
    }

    fn one(src: &[u8]) -> Result<Token, String> {
        Lexer::new(src).scan().map_err(|e| {
            let near = match e.near {
                Near::Text(t) => String::from_utf8_lossy(&t).into_owned(),
                _ => String::new(),
            };
            format!("{} near '{}'", e.msg, near)
        })
    }

    fn string_value(src: &[u8]) -> Vec<u8> {
        one(src).expect("string").into_string()
    }

    #[test]
    fn operators_and_keywords() {
        use Tok::*;
        assert_eq!(
            toks("local x = a .. b ... == ~= <= >= :: < > = ~ goto"),
            vec![
                Local,
                Name,
                Char(b'='),
                Name,
                Concat,
                Name,
                Dots,
                Eq,
                Ne,
                Le,
                Ge,
                Label,
                Char(b'<'),
                Char(b'>'),
                Char(b'='),
                Char(b'~'),
                Goto
            ]
        );
        assert_eq!(
            toks("a--comment\nb--[==[long\n]]\n]==]c"),
            vec![Name, Name, Name]
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(string_value(b"\"a\\tb\\n\""), b"a\tb\n");
        assert_eq!(
            string_value(b"'\\a\\b\\f\\v\\r\\\\\\\"\\''"),
            b"\x07\x08\x0c\x0b\r\\\"'"
        );
        assert_eq!(string_value(b"\"\\65\\066\\0x\""), b"AB\0x");
        assert_eq!(string_value(b"\"\\x41\\x7a\""), b"Az");
        assert_eq!(string_value(b"\"a\\z  \n\t b\""), b"ab");
        assert_eq!(string_value(b"\"a\\\nb\""), b"a\nb");
        assert_eq!(
            string_value("\"\\u{48}\\u{e9}\\u{20AC}\\u{10FFFF}\"".as_bytes()),
            "Hé€\u{10FFFF}".as_bytes()
        );
        for bad in [
            &b"\"\\q\""[..],
            b"\"\\300\"",
            b"\"\\xZZ\"",
            b"\"\\u{D800}\"",
            b"\"\\u{110000}\"",
            b"\"\\u{}\"",
            b"\"\\u48\"",
        ] {
            assert!(one(bad).unwrap_err().starts_with("invalid escape sequence"));
        }
        assert_eq!(
            one(b"\"ab\\q\"").unwrap_err(),
            "invalid escape sequence near '\"ab'"
        );
    }

    #[test]
    fn long_brackets() {
        assert_eq!(string_value(b"[[\nabc]]"), b"abc");
        assert_eq!(string_value(b"[==[a]]b]=]c]==]"), b"a]]b]=]c");
        assert_eq!(string_value(b"[[a\r\nb\n\rc]]"), b"a\nb\nc");
        assert_eq!(
            one(b"[=x").unwrap_err(),
            "invalid long string delimiter near '[='"
        );
        assert_eq!(
            one(b"[[abc").unwrap_err(),
            "unfinished long string near '<eof>'"
        );
        assert_eq!(
            one(b"--[[abc").unwrap_err(),
            "unfinished long comment near '<eof>'"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(one(b"3").unwrap().num, 3.0);
        assert_eq!(one(b"0x1.8p1").unwrap().num, 3.0);
        assert_eq!(one(b".5e1").unwrap().num, 5.0);
        assert_eq!(one(b"0b11").unwrap().num, 3.0);
        assert_eq!(one(b"3..").unwrap_err(), "malformed number near '3..'");
        assert_eq!(one(b"1e+").unwrap_err(), "malformed number near '1e+'");
        assert!(one(b"1LL").unwrap_err().contains("need the FFI"));
        assert!(one(b"2i").unwrap_err().contains("need the FFI"));
    }

    #[test]
    fn line_counting() {
        let mut lx = Lexer::new(b"a\nb\r\nc\n\rd\r\re [[x\ny]] f");
        let mut lines = Vec::new();
        loop {
            let t = lx.scan().unwrap();
            if t.tok == Tok::Eof {
                break;
            }
            lines.push(lx.line);
        }
        assert_eq!(lines, vec![1, 2, 3, 4, 6, 7, 7]);
    }

    #[test]
    fn unfinished_strings() {
        assert_eq!(one(b"\"abc").unwrap_err(), "unfinished string near '<eof>'");
        assert_eq!(
            one(b"\"abc\nx\"").unwrap_err(),
            "unfinished string near '\"abc'"
        );
    }

    #[test]
    fn header_line_is_skipped() {
        let mut lx = Lexer::new(b"#!/usr/bin/lua\nx");
        let t = lx.scan().unwrap();
        assert_eq!((t.tok, lx.line), (Tok::Name, 2));
        let mut lx = Lexer::new(b"\xef\xbb\xbfx");
        assert_eq!(lx.scan().unwrap().text, b"x");
    }
}
