//! Fast-function ids: the builtins the interpreters recognise by the id in their
//! closure (`GcFunc::ffid`), defined once. The generated interpreter has machine-code
//! fast paths for them; every id keeps its Rust implementation for the other cases.

macro_rules! ffdef {
    ($m:ident) => {
        $m! {
            Next, Pairs, IpairsAux, Pcall, Xpcall, Tostring,
            Assert, Type, Select, Rawget, Getmetatable, Setmetatable, Tonumber, Ipairs,
            MathAbs, MathFloor, MathCeil, MathSqrt, MathMin, MathMax,
            MathSin, MathCos, MathTan, MathAsin, MathAcos, MathAtan,
            MathSinh, MathCosh, MathTanh, MathExp, MathLog10, MathDeg, MathRad,
            MathLog, MathFmod, MathPow, MathAtan2,
            StringByte, StringLen, StringSub, StringChar,
            BitTobit, BitBnot, BitBand, BitBor, BitBxor,
            BitLshift, BitRshift, BitArshift, BitRol, BitRor, BitBswap,
            CoroutineResume, CoroutineYield, CoroutineWrapAux,
        }
    };
}

macro_rules! gen_ff {
    ($first:ident, $($name:ident,)*) => {
        /// A fast function. Ids 0 and 1 are `func::FF_LUA` and `func::FF_C`.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Ff { $first = 2, $($name,)* }
        impl Ff {
            pub const ALL: &'static [Ff] = &[Ff::$first, $(Ff::$name,)*];
        }
    };
}

ffdef!(gen_ff);

impl Ff {
    /// The fast function with id `id`, if it is one.
    pub fn from_id(id: u8) -> Option<Ff> {
        Ff::ALL.get((id as usize).checked_sub(2)?).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::Ff;

    #[test]
    fn ids_round_trip() {
        for &f in Ff::ALL {
            assert_eq!(Ff::from_id(f as u8), Some(f));
        }
        assert_eq!(Ff::from_id(0), None);
        assert_eq!(Ff::from_id(1), None);
        assert_eq!(Ff::from_id(255), None);
    }
}
