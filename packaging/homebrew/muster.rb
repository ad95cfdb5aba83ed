class Muster < Formula
  desc "Procfile process supervisor and container init"
  homepage "https://github.com/muster-dev/muster"
  license "ISC"
  url "https://github.com/muster-dev/muster/archive/v0.1.0.tar.gz"
  # sha256: filled in at release time by the release process
  # (`shasum -a 256` of the tarball above); no release exists yet.

  depends_on "pkgconf" => :build
  depends_on "libev"
  depends_on "inih"
  # muster uses Linux interfaces (prctl(PR_SET_CHILD_SUBREAPER),
  # F_SETPIPE_SZ) with no macOS fallback.
  depends_on :linux

  def install
    system "make", "install", "PREFIX=#{prefix}"
  end

  test do
    assert_match "muster #{version}", shell_output("#{bin}/muster --version")
    (testpath/"Procfile").write "web: exec sleep 60\n"
    assert_match "valid procfile detected (web)", shell_output("#{bin}/muster check")
  end
end
