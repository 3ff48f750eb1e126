from releasekit.cli import main
import sys
sys.exit(main())
