/* The staff map: written in the next commit. */
