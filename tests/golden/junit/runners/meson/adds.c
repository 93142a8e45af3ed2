#include <stdio.h>
int main(void) { printf("2 + 2 = %d\n", 2 + 2); return 0; }
