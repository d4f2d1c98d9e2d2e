//! Helpers shared by the integration tests: real servers started per test binary.
//! Not part of the library; each test file includes it with `mod support;`.

#![allow(dead_code)]

pub mod mariadb;
