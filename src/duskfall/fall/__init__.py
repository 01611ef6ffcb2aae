"""The fall: a point mass with drag through the standard atmosphere and the wind.

Equation of motion in a local East-North-Up frame whose origin is on the ground below
the exit point::

    dv/dt = -g(z) e_up - 1/2 rho(z) CdA f(M) / m |v - w| (v - w)

with ``g(z)`` the inverse-square gravity of the 1976 standard, ``rho(z)`` its density,
``w(z, t)`` the wind, ``CdA`` the jumper's drag area and ``f(M)`` the transonic drag
rise (:class:`DragRise`) as a function of the Mach number of the airspeed ``|v - w|``.
The jump runs in stages separated by stop events:

1. free fall, from exit (leaving with the aircraft's true airspeed: the forward throw)
   down to the deployment altitude;
2. deployment: the airspeed relaxes from its free-fall value to the canopy's over a few
   seconds and a few hundred feet (:class:`Canopy`, fitted to real openings);
3. canopy flight: ram-air canopies glide at their airspeed and sink rate, round ones sink
   only; both drift with the wind;
4. landing at the ground elevation.

One integrator runs every case: an adaptive Dormand-Prince 5(4) Runge-Kutta scheme
vectorised over ensemble members that share the step (the worst member sets it).
Events (deployment, the peak fall rate, 95 % of terminal speed, landing) are located
inside a step by Hermite interpolation of the step's end states and derivatives, not by
rounding to the step. :func:`simulate_jump` is the one-member case of
:func:`simulate_ensemble` and keeps the whole time history; the ensemble keeps only the
summary figures of each member. Both take one description of the jump, a :class:`Jump`
(its :class:`Exit`, its :class:`Body`, the canopy, the ground and the wind); an ensemble
is the same object with arrays in its fields.

Layout: :mod:`~duskfall.fall.models` (postures and canopies), :mod:`~duskfall.fall.jump`
(the description), :mod:`~duskfall.fall.integrator` (Dormand-Prince and Hermite
interpolation), :mod:`~duskfall.fall.stages` (right-hand sides and events),
:mod:`~duskfall.fall.engine` (the runs), :mod:`~duskfall.fall.results`,
:mod:`~duskfall.fall.keep` (the last simulations, kept).

References
----------
Dormand, J. R. and Prince, P. J. (1980), A family of embedded Runge-Kutta formulae,
J. Comput. Appl. Math. 6(1), 19-26, doi:10.1016/0771-050X(80)90013-3.
Hairer, E., Norsett, S. P. and Wanner, G. (1993), Solving Ordinary Differential Equations
I, 2nd ed., Springer, sec. II.4 (step-size control) and II.6 (dense output).
Guerster, M. and Walter, U. (2017), Aerodynamics of a highly irregular body at transonic
speeds - Analysis of STRATOS flight data, PLoS ONE 12(12): e0187798,
doi:10.1371/journal.pone.0187798.
"""

from duskfall.fall.engine import HIGH_EXIT_M, simulate_ensemble, simulate_jump
from duskfall.fall.integrator import ATOL_POSITION_M, ATOL_VELOCITY_MPS, RTOL
from duskfall.fall.jump import MAX_CDA_M2, MAX_MASS_KG, Body, Exit, Jump
from duskfall.fall.keep import kept
from duskfall.fall.models import (
    CANOPIES,
    FLYSIGHT_BELLY_CDA_PER_KG_M2,
    HUMAN_DRAG_RISE,
    POSTURES,
    Canopy,
    DragRise,
    Posture,
    cda_per_kg_for_terminal_speed,
)
from duskfall.fall.results import STAGE_NAMES, Ensemble, Trajectory
from duskfall.fall.stages import TERMINAL_FRACTION

__all__ = [
    "ATOL_POSITION_M",
    "ATOL_VELOCITY_MPS",
    "CANOPIES",
    "FLYSIGHT_BELLY_CDA_PER_KG_M2",
    "HIGH_EXIT_M",
    "HUMAN_DRAG_RISE",
    "MAX_CDA_M2",
    "MAX_MASS_KG",
    "POSTURES",
    "RTOL",
    "STAGE_NAMES",
    "TERMINAL_FRACTION",
    "Body",
    "Canopy",
    "DragRise",
    "Ensemble",
    "Exit",
    "Jump",
    "Posture",
    "Trajectory",
    "cda_per_kg_for_terminal_speed",
    "kept",
    "simulate_ensemble",
    "simulate_jump",
]
