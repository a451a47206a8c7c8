//! The trace compiler. It does not exist yet; what does is its settings, which
//! `jit.opt.start` and `-O` set today and the compiler will read: optimisation flags
//! and numeric parameters, each table defined once here.

/// Optimisation flags: name and the `-O` level that turns it on, in LuaJIT's order
/// (which `jit.status()` reports them in).
pub const FLAGS: &[(&str, u8)] = &[
    ("fold", 1),
    ("cse", 1),
    ("dce", 1),
    ("fwd", 3),
    ("dse", 3),
    ("narrow", 2),
    ("loop", 2),
    ("abc", 3),
    ("sink", 3),
    ("fuse", 3),
];

/// Numeric parameters and their defaults, as LuaJIT documents them.
pub const PARAMS: &[(&str, i32)] = &[
    ("maxtrace", 1000),
    ("maxrecord", 4000),
    ("maxirconst", 500),
    ("maxside", 100),
    ("maxsnap", 500),
    ("minstitch", 0),
    ("hotloop", 56),
    ("hotexit", 10),
    ("tryside", 4),
    ("instunroll", 4),
    ("loopunroll", 15),
    ("callunroll", 3),
    ("recunroll", 2),
    ("sizemcode", 32),
    ("maxmcode", 512),
];

/// The compiler's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JitSettings {
    /// Bit `i` set: `FLAGS[i]` is on.
    pub flags: u32,
    /// Values of `PARAMS`, in order.
    pub params: Vec<i32>,
}

impl JitSettings {
    /// The loop hotness threshold (`hotloop`), clamped to what the counters hold.
    pub fn hotloop(&self) -> u16 {
        let i = PARAMS.iter().position(|p| p.0 == "hotloop").unwrap_or(0);
        self.params[i].clamp(1, 0x7fff) as u16
    }
}

impl Default for JitSettings {
    fn default() -> Self {
        JitSettings {
            flags: level_flags(3),
            params: PARAMS.iter().map(|&(_, v)| v).collect(),
        }
    }
}

/// The flags an `-O<level>` turns on (levels above 3 are 3).
fn level_flags(level: u8) -> u32 {
    FLAGS
        .iter()
        .enumerate()
        .filter(|(_, &(_, l))| l <= level)
        .fold(0, |acc, (i, _)| acc | 1 << i)
}

impl JitSettings {
    /// Apply one `jit.opt.start` / `-O` item: a level digit, `[+-]flag` or
    /// `param=value`. The error is LuaJIT's message.
    pub fn apply(&mut self, item: &[u8]) -> Result<(), String> {
        let bad = || {
            format!(
                "unknown or malformed optimization flag '{}'",
                String::from_utf8_lossy(item)
            )
        };
        if let [d @ b'0'..=b'9'] = item {
            self.flags = level_flags(d - b'0');
            return Ok(());
        }
        if let Some(eq) = item.iter().position(|&c| c == b'=') {
            let (name, value) = (&item[..eq], &item[eq + 1..]);
            let i = PARAMS.iter().position(|(n, _)| n.as_bytes() == name).ok_or_else(bad)?;
            let v = std::str::from_utf8(value)
                .ok()
                .filter(|s| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|s| s.parse::<i32>().ok())
                .ok_or_else(bad)?;
            self.params[i] = v;
            return Ok(());
        }
        let (on, name) = match item.first() {
            Some(b'+') => (true, &item[1..]),
            Some(b'-') => (false, &item[1..]),
            _ => (true, item),
        };
        let i = FLAGS.iter().position(|(n, _)| n.as_bytes() == name).ok_or_else(bad)?;
        if on {
            self.flags |= 1 << i;
        } else {
            self.flags &= !(1 << i);
        }
        Ok(())
    }

    /// Names of the flags that are on, in table order.
    pub fn flag_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        FLAGS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.flags & 1 << i != 0)
            .map(|(_, &(n, _))| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_flags_and_params() {
        let mut s = JitSettings::default();
        assert_eq!(s.flag_names().count(), FLAGS.len());
        s.apply(b"2").unwrap();
        assert_eq!(s.flag_names().collect::<Vec<_>>(), ["fold", "cse", "dce", "narrow", "loop"]);
        s.apply(b"-fold").unwrap();
        s.apply(b"+abc").unwrap();
        assert_eq!(s.flag_names().collect::<Vec<_>>(), ["cse", "dce", "narrow", "loop", "abc"]);
        s.apply(b"hotloop=5").unwrap();
        assert_eq!(s.params[6], 5);
        for bad in [&b"bogus"[..], b"hotloop", b"hotloop=x", b"+", b"10", b"hotloop=-1"] {
            assert!(s.apply(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
