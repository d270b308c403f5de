package io.proactiveinsights.hygiene;

/** Two live banners and the recipients they share over the metrics window. */
public record BannerOverlap(
    String bannerA, String bannerB, long recipientsA, long recipientsB, long shared) {

  /**
   * Shared recipients as a share of the smaller banner's recipients: how much of it the other one
   * covers.
   */
  public double shareOfSmaller() {
    long smaller = Math.min(recipientsA, recipientsB);
    return smaller == 0 ? 0 : (double) shared / smaller;
  }

  public String other(String banner) {
    return banner.equals(bannerA) ? bannerB : bannerA;
  }

  public boolean involves(String banner) {
    return bannerA.equals(banner) || bannerB.equals(banner);
  }
}
