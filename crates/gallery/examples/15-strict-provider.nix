# Another provider pitfall: a strict `{ class }:` provider.
#
# The type check accepts `{ class }` as a provider, but resolution always
# calls providers with BOTH `class` and `aspect-chain`, so this one fails
# with "called with unexpected argument 'aspect-chain'".
# The fix is one `...` away: `{ class, ... }:`.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      fonts._.strict =
        { class }:
        {
          ${class} = { pkgs, ... }: { fonts.packages = [ pkgs.fira-code ]; };
        };

      fonts._.fixed =
        { class, ... }:
        {
          ${class} = { pkgs, ... }: { fonts.packages = [ pkgs.fira-code ]; };
        };

      laptop = {
        includes = [ aspects.fonts._.strict ]; # fails
        nixos.networking.hostName = "laptop";
      };

      desktop = {
        includes = [ aspects.fonts._.fixed ]; # works
        nixos.networking.hostName = "desktop";
      };
    };
}
