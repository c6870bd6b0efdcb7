using PuppeteerSharp;

namespace Segmentation.Reporting.Tests.Browser;

/// <summary>
/// One headless Chromium for all browser tests: the system's (Debian package <c>chromium</c>; <c>.ci/run</c> installs it),
/// never a downloaded one. Without it the tests fail and say how to install it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Missing);

    private static string Missing => "Chromium is not installed (looked for /usr/bin/chromium); install it with 'apt-get install chromium' (.ci/run does so) or set CHROMIUM_PATH to its executable.";

    public static string? FindChromium()
    {
        string? configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return Candidates.FirstOrDefault(File.Exists);
    }

    public async Task InitializeAsync()
    {
        string? path = FindChromium();
        if (path is null)
        {
            // Fails every test of the collection with this message: no silent skip.
            return;
        }

        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = path,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }
    }
}
