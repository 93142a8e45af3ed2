// A file without a test.
const unused = 1;
