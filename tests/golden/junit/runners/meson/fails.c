#include <stdio.h>
int main(void) { fprintf(stderr, "expected 5, got 4\n"); return 1; }
