#include "lb-cli.h"
int lb_cli_demo_data (int argc, char **argv) { return 2; }
