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

  private final Design design;
  private final boolean[] control;
  private final double[] dailyRate;
  private final double[] zeroTicketChance;
  private final double[] preRate;
  private final int[] tickets;
  private final int[] daysAtRisk;
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
    double sigma = design.heterogeneity();
    for (int day = 1; day <= design.days(); day++) {
      for (int i = 0; i < design.dailyNewUsers(); i++) {
        int person = people++;
        control[person] = random.nextDouble() < design.controlShare();
        double baseline =
            design.ticketsPerPersonDay()
                * (sigma == 0 ? 1.0 : Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2));
        preRate[person] = poisson(random, baseline * PRE_DAYS) / (double) PRE_DAYS;
        dailyRate[person] = control[person] ? baseline : baseline * (1 + design.lift());
        zeroTicketChance[person] = Math.exp(-dailyRate[person]);
        tickets[person] = 0;
        daysAtRisk[person] = 0;
      }
      for (int person = 0; person < people; person++) {
        daysAtRisk[person]++;
        tickets[person] += poisson(random, dailyRate[person], zeroTicketChance[person]);
      }
      look.at(day, sums(false), sums(true));
    }
  }

  private ArmSums sums(boolean controlArm) {
    long n = 0;
    double sumY = 0, sumY2 = 0, sumD = 0, sumD2 = 0, sumYD = 0;
    double sumX = 0, sumX2 = 0, sumXY = 0, sumXD = 0;
    for (int person = 0; person < people; person++) {
      if (control[person] != controlArm) {
        continue;
      }
      double y = tickets[person];
      double d = daysAtRisk[person];
      double x = preRate[person];
      n++;
      sumY += y;
      sumY2 += y * y;
      sumD += d;
      sumD2 += d * d;
      sumYD += y * d;
      sumX += x;
      sumX2 += x * x;
      sumXY += x * y;
      sumXD += x * d;
    }
    return new ArmSums(n, sumY, sumY2, sumD, sumD2, sumYD, sumX, sumX2, sumXY, sumXD);
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
