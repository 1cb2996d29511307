//! A local stand-in for Discord REST and gateway (to be written).
