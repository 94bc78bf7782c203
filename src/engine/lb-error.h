/* lb-error.h — the error domain every engine function reports in.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LB_ERROR (lb_error_quark ())

typedef enum
{
  LB_ERROR_FAILED,         /* anything without a more precise code */
  LB_ERROR_NOT_FOUND,      /* a file or folder that is not there */
  LB_ERROR_PERMISSION,     /* a file or folder we may not read or write */
  LB_ERROR_CORRUPT,        /* a file that does not decode or parse */
  LB_ERROR_INVALID_INPUT,  /* valid file, unusable content: wrong size, too large, … */
  LB_ERROR_EMPTY,          /* nothing usable: a folder with no pairs, an empty split */
  LB_ERROR_NO_SPACE,       /* the disk is full */
  LB_ERROR_DIVERGED,       /* training produced NaN or Inf */
  LB_ERROR_CANCELLED,      /* the user stopped it */
  LB_ERROR_TOO_LARGE,      /* a configuration that needs more memory than there is */
  LB_ERROR_BUSY,           /* another process holds it: a run claimed by another trainer */
} LbError;

GQuark lb_error_quark (void);

G_END_DECLS
