//! End-to-end tests of the server: a real server on port 0, a real SQLite file in a
//! temporary directory, and reqwest as the client.

mod accounts;
mod audit;
mod auth;
mod common;
mod companies;
mod desk;
mod devices;
mod privacy;
mod routing;
mod security;
mod sessions;
mod startup;
mod static_files;
mod units;
