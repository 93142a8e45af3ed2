#include "al.h"

int main(int argc, char **argv) { return al_main(argc, argv); }
