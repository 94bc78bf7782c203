#include "lb-cli.h"
int lb_cli_bench (int argc, char **argv) { return 2; }
