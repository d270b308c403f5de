package io.proactiveinsights.stats;

import java.util.SplittableRandom;

/**
 * A holdout experiment simulated person by person, read at the end of every day: people arrive each
 * day, are assigned to control with the holdout share, and from then on write in at their own
 * Poisson rate per day, times (1 + lift) in treatment. Each person's rate is the baseline times a
 * log-normal factor with mean 1 ({@code heterogeneity} its log-scale spread; 0: everyone alike),
 * and the pre-period covariate x is their ticket rate over the {@link #PRE_DAYS} days before
 * assignment, so x correlates with y exactly as much as people differ.
 *
 * <p>Pure Java, seeded: the same random source gives the same experiment.
 */
final class SimulatedHoldout {

  /** The pre-period length, as {@code experiments.cuped_pre_days}. */
  static final int PRE_DAYS = 28;

  /**
   * @param dailyNewUsers people assigned each day
   * @param controlShare the holdout share
   * @param ticketsPerPersonDay the mean baseline rate
   * @param lift the true relative change in treatment (−0.3: 30% fewer tickets)
   * @param heterogeneity the log-normal spread of people's rates; 0 for identical people
   * @param days days simulated, and looks taken (one at the end of each day)
   */
  record Design(
      int dailyNewUsers,
      double controlShare,
      double ticketsPerPersonDay,
      double lift,
      double heterogeneity,
      int days) {}

  /** What a look sees: both arms' sums at the end of a day. */
  interface Look {
    void at(int day, ArmSums treatment, ArmSums control);
  }

  private static final double FIXED_HORIZON_Z = 1.959963984540054;
  private static final int N = 0;
  private static final int SUM_Y = 1;
  private static final int SUM_Y2 = 2;
  private static final int SUM_D = 3;
  private static final int SUM_D2 = 4;
  private static final int SUM_YD = 5;
  private static final int SUM_X = 6;
  private static final int SUM_X2 = 7;
  private static final int SUM_XY = 8;
  private static final int SUM_XD = 9;

  private final Design design;
  private final boolean[] control;
  private final double[] dailyRate;
  private final double[] zeroTicketChance;
  private final double[] preRate;
  private final int[] tickets;
  private final int[] daysAtRisk;
  private final double[] treatmentSums = new double[10];
  private final double[] controlSums = new double[10];
  private int people;

  SimulatedHoldout(Design design) {
    this.design = design;
    int capacity = design.dailyNewUsers() * design.days();
    control = new boolean[capacity];
    dailyRate = new double[capacity];
    zeroTicketChance = new double[capacity];
    preRate = new double[capacity];
    tickets = new int[capacity];
    daysAtRisk = new int[capacity];
  }

  /** Runs one experiment from scratch, calling the look at the end of every day. */
  void run(SplittableRandom random, Look look) {
    people = 0;
    java.util.Arrays.fill(treatmentSums, 0);
    java.util.Arrays.fill(controlSums, 0);
    double sigma = design.heterogeneity();
    for (int day = 1; day <= design.days(); day++) {
      for (int i = 0; i < design.dailyNewUsers(); i++) {
        int person = people++;
        control[person] = random.nextDouble() < design.controlShare();
        double baseline =
            design.ticketsPerPersonDay()
                * (sigma == 0 ? 1.0 : Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2));
        double x = poisson(random, baseline * PRE_DAYS) / (double) PRE_DAYS;
        preRate[person] = x;
        dailyRate[person] = control[person] ? baseline : baseline * (1 + design.lift());
        zeroTicketChance[person] = Math.exp(-dailyRate[person]);
        tickets[person] = 0;
        daysAtRisk[person] = 0;
        double[] sums = control[person] ? controlSums : treatmentSums;
        sums[N]++;
        sums[SUM_X] += x;
        sums[SUM_X2] += x * x;
      }
      for (int person = 0; person < people; person++) {
        // The sums follow each person's step, so a look costs nothing: d → d+1, then y → y+k.
        double[] sums = control[person] ? controlSums : treatmentSums;
        double x = preRate[person];
        double y = tickets[person];
        double d = daysAtRisk[person]++;
        sums[SUM_D] += 1;
        sums[SUM_D2] += 2 * d + 1;
        sums[SUM_YD] += y;
        sums[SUM_XD] += x;
        int k = poisson(random, dailyRate[person], zeroTicketChance[person]);
        if (k > 0) {
          tickets[person] += k;
          sums[SUM_Y] += k;
          sums[SUM_Y2] += 2 * y * k + (double) k * k;
          sums[SUM_YD] += k * (d + 1);
          sums[SUM_XY] += x * k;
        }
      }
      look.at(day, armSums(treatmentSums), armSums(controlSums));
    }
  }

  /**
   * How many of {@code experiments} simulated experiments, each read at the end of every day
   * without CUPED, saw the always-valid interval exclude 0: at any look, and at the last look; and
   * how many a fixed-horizon 95% z interval, read the same way, would have.
   */
  record Tally(int experiments, int ever, int lastDay, int fixedHorizonEver) {
    Proportion everShare() {
      return Proportion.of(ever, experiments);
    }

    Proportion lastDayShare() {
      return Proportion.of(lastDay, experiments);
    }

    Proportion fixedHorizonEverShare() {
      return Proportion.of(fixedHorizonEver, experiments);
    }
  }

  /** Runs {@code experiments} experiments one after another and tallies their daily readings. */
  Tally readDaily(SplittableRandom random, int experiments, double alpha) {
    int ever = 0;
    int lastDay = 0;
    int fixedHorizonEver = 0;
    for (int experiment = 0; experiment < experiments; experiment++) {
      boolean[] excluded = new boolean[3];
      run(
          random,
          (day, treatment, control) -> {
            ExperimentEstimate estimate = ExperimentComparison.of(treatment, control, false, alpha);
            if (estimate.ciLow() == null) {
              return;
            }
            excluded[0] |= estimate.excludesZero();
            excluded[1] = day == design.days() && estimate.excludesZero();
            excluded[2] |= fixedHorizonExcludesZero(estimate, treatment.n() + control.n(), alpha);
          });
      ever += excluded[0] ? 1 : 0;
      lastDay += excluded[1] ? 1 : 0;
      fixedHorizonEver += excluded[2] ? 1 : 0;
    }
    return new Tally(experiments, ever, lastDay, fixedHorizonEver);
  }

  /**
   * The daily-peeking comparison: log(1 + lift) ± 1.96·SE, the SE recovered from the always-valid
   * half-width, which is the SE times a multiplier that depends only on the number of people.
   */
  private static boolean fixedHorizonExcludesZero(
      ExperimentEstimate estimate, long people, double alpha) {
    double logHalfwidth = Math.log1p(estimate.ciHigh()) - Math.log1p(estimate.lift());
    double standardError =
        logHalfwidth
            / ConfidenceSequence.halfwidth(
                1.0, people, alpha, ConfidenceSequence.DEFAULT_TUNING_UNITS);
    return Math.abs(Math.log1p(estimate.lift())) > FIXED_HORIZON_Z * standardError;
  }

  /** "12.3% [10.1%, 14.8%]": a share with its 95% Wilson interval. */
  static String percent(Proportion share) {
    return String.format(
        "%.1f%% [%.1f%%, %.1f%%]", 100 * share.rate(), 100 * share.low(), 100 * share.high());
  }

  private static ArmSums armSums(double[] sums) {
    return new ArmSums(
        (long) sums[N],
        sums[SUM_Y],
        sums[SUM_Y2],
        sums[SUM_D],
        sums[SUM_D2],
        sums[SUM_YD],
        sums[SUM_X],
        sums[SUM_X2],
        sums[SUM_XY],
        sums[SUM_XD]);
  }

  static int poisson(SplittableRandom random, double mean) {
    return poisson(random, mean, Math.exp(-mean));
  }

  /** Poisson by inversion: cheap for the small means of tickets per person-day. */
  private static int poisson(SplittableRandom random, double mean, double zeroChance) {
    double u = random.nextDouble();
    int k = 0;
    double probability = zeroChance;
    double cumulative = probability;
    while (u > cumulative && probability > 0) {
      k++;
      probability *= mean / k;
      cumulative += probability;
    }
    return k;
  }
}
