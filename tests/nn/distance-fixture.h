/* distance-fixture.h — reads tests/reference/distance.txt (make-distance-reference.py).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "nn-boundary-metrics.h"

typedef enum
{
  FIX_MAP_EDT_FG,
  FIX_MAP_EDT_BG,
  FIX_MAP_EDT_BGO,
  FIX_MAP_SDF,
  FIX_MAP_CONTOUR,
  FIX_MAP_COUNT
} FixMapKind;

typedef struct
{
  NnBoundaryOptions options;
  NnSurfaceCase surface_case;
  double value[NN_BOUNDARY_METRIC_COUNT];
  int64_t na, nb;
} FixMetrics;

typedef struct
{
  char name[48];
  int h, w;
  uint8_t *pred, *truth;             /* H×W 0/1 */
  uint8_t *edges_pred, *edges_truth; /* SciPy's */
  NnSpacing spacing;                 /* of the maps */
  double *map[FIX_MAP_COUNT];        /* of the truth, H×W each */
  FixMetrics metrics[2];             /* pixels, then the case's spacing */
} FixCase;

typedef struct
{
  double alpha, value;
  double *grad;
} FixHdt;

typedef struct
{
  char name[48];
  int n, h, w;
  NnSpacing spacing;
  float *z, *y;          /* N×H×W */
  double *sdf, *contour; /* SciPy's maps of the truth */
  double boundary_value;
  double *boundary_grad;
  FixHdt hdt[3];
  int n_hdt;
} FixLossBatch;

typedef struct
{
  GArray *cases;   /* FixCase */
  GArray *batches; /* FixLossBatch */
} DistanceFixture;

DistanceFixture *distance_fixture_load (void);
void distance_fixture_free (DistanceFixture *fx);

/* "both", "neither", "no-prediction", "no-truth" → the NnSurfaceCase. */
NnSurfaceCase distance_fixture_case_from_string (const char *s);
