# Lesson 8: provider pitfalls.
{ ... }:
{
  flake.aspects =
    { aspects, ... }:
    {
      fonts._.code =
        { class, ... }:
        {
          ${class} =
            { pkgs, ... }:
            {
              fonts.packages = [ pkgs.fira-code ];
            };
        };

      system._.user =
        userName:
        { class, ... }:
        {
          ${class}.users.users.${userName}.isNormalUser = true;
        };

      laptop = {
        includes = [
          aspects.fonts._.code
          (aspects.system._.user "bob")
        ];
        nixos.networking.hostName = "laptop";
      };
    };
}
