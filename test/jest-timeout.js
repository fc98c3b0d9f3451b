/**
 * 30 s per test instead of jest's 5 s default, for the node, ui and weapp projects: most suites
 * start a local cloud, spawn the CLI or wait up to 8 s for a page, which on 2 loaded cores (CI)
 * takes longer than 5 s. A test that asserts a latency does so itself; a suite may set its own.
 */
jest.setTimeout(30_000);
