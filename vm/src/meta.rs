//! Metamethods: the name table (defined once) and metamethod lookup.

/// The metamethod table. The order is fixed: the ones up to `Eq` are "fast"
/// metamethods whose absence a table caches in its `nomm` bits.
macro_rules! mmdef {
    ($m:ident) => {
        $m! {
            Index "__index",
            Newindex "__newindex",
            Gc "__gc",
            Mode "__mode",
            Eq "__eq",
            Len "__len",
            Lt "__lt",
            Le "__le",
            Concat "__concat",
            Call "__call",
            Add "__add",
            Sub "__sub",
            Mul "__mul",
            Div "__div",
            Mod "__mod",
            Pow "__pow",
            Unm "__unm",
            Metatable "__metatable",
            Tostring "__tostring",
        }
    };
}

macro_rules! gen_mm {
    ($($name:ident $s:literal,)*) => {
        /// A metamethod.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum MM { $($name,)* }
        impl MM {
            pub const ALL: &'static [MM] = &[$(MM::$name,)*];
            pub const NAMES: &'static [&'static str] = &[$($s,)*];
            #[inline(always)]
            pub fn name(self) -> &'static str { MM::NAMES[self as usize] }
        }
    };
}

mmdef!(gen_mm);

/// Metamethods at or below this one are negatively cached in `GcTab::nomm`.
pub const MM_FAST: MM = MM::Eq;
